namespace Flotilla.Compute.Tests;

/// <summary>Tests that boot real guests: one class at a time, never beside another collection, at most two guests up.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QemuCollection
{
    public const string Name = "qemu";
}
