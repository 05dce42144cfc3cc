namespace Flotilla.Api.Templates;

/// <summary>
/// A template as the API shows it, either kind: what a VM made from it gets unless told otherwise (cpus, memory, user
/// data), the memory floor of its kernel, its base disk, and the VMs made from it.
/// </summary>
public sealed record TemplateView
{
    public required string Name { get; init; }
    public required TemplateKind Kind { get; init; }
    public string? Description { get; init; }
    public required int MinMemoryMiB { get; init; }
    public required int Cpus { get; init; }
    public required int MemoryMiB { get; init; }
    public string? UserData { get; init; }
    /// <summary>A user template's source VM; null for a built one.</summary>
    public string? SourceVm { get; init; }
    /// <summary>The build it boots, <c>NAME/ID</c>.</summary>
    public string? Boots { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    /// <summary>Null when its files are missing.</summary>
    public BaseDiskView? BaseDisk { get; init; }
    public IReadOnlyList<string> Vms { get; init; } = [];
}
