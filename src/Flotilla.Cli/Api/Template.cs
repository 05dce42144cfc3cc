namespace Flotilla.Cli.Api;

/// <summary>The <c>Template</c> resource, built or user-defined: what a VM made from it gets, and its base disk.</summary>
internal sealed record Template
{
    public required string Name { get; init; }
    /// <summary><c>built</c> or <c>user</c>.</summary>
    public string Kind { get; init; } = "";
    public string? Description { get; init; }
    public int MinMemoryMiB { get; init; }
    public int Cpus { get; init; }
    public int MemoryMiB { get; init; }
    public string? UserData { get; init; }
    public string? SourceVm { get; init; }
    public string? Boots { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public BaseDisk? BaseDisk { get; init; }
    public IReadOnlyList<string> Vms { get; init; } = [];
}
