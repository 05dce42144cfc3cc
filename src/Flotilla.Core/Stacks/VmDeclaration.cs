using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>
/// An item of <c>vms:</c>: one VM, or with <see cref="Count"/> that many instances named <c>NAME-0</c> …
/// <c>NAME-{N-1}</c> (<see cref="InstanceNames"/>).
/// </summary>
public sealed record VmDeclaration
{
    public const int MaxCount = 64;

    public required string Name { get; init; }

    /// <summary>Null when the file gives no <c>count</c>: then one VM named <see cref="Name"/> itself.</summary>
    public int? Count { get; init; }

    public required string Template { get; init; }

    /// <summary>Null: the template's.</summary>
    public int? Cpus { get; init; }

    /// <summary>Null: the template's.</summary>
    public int? MemoryMiB { get; init; }

    /// <summary>The storage pool of the disks; null: the host's <c>default</c> pool.</summary>
    public string? Pool { get; init; }

    public IReadOnlyList<NicDeclaration> Nics { get; init; } = [];

    /// <summary>The user data before substitution (inline, or the content of <see cref="UserDataFile"/>).</summary>
    public string? UserData { get; init; }

    /// <summary>The file the user data came from, as written (relative to the stack file).</summary>
    public string? UserDataFile { get; init; }

    public required SpecOrigin Origin { get; init; }

    /// <summary>How many VMs this item makes.</summary>
    public int Instances => Count ?? 1;

    /// <summary>The names of the VMs this item makes, in index order.</summary>
    public IReadOnlyList<string> InstanceNames() =>
        Enumerable.Range(0, Instances).Select(i => Stacks.InstanceNames.Of(this, i)).ToList();
}
