namespace Flotilla.EndToEnd.Tests.Vms;

/// <summary>VM tests run alone: two cores, at most two guests up.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class VmCollection
{
    public const string Name = "real QEMU guests";
}
