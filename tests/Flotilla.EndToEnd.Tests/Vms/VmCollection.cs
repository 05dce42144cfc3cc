namespace Flotilla.EndToEnd.Tests.Vms;

/// <summary>
/// VM tests run alone: two cores, at most two guests up. They share one daemon (starting one costs its acceleration
/// probe, about 10 s here), so each test cleans up the VMs it made.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class VmCollection : ICollectionFixture<DaemonFixture>
{
    public const string Name = "real QEMU guests";
}
