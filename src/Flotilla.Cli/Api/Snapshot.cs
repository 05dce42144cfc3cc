namespace Flotilla.Cli.Api;

/// <summary>The <c>Snapshot</c> resource: an internal snapshot of a VM's disk, with or without its memory.</summary>
internal sealed record Snapshot
{
    public required string Name { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>RAM and device state saved too: a running VM reverts to it and carries on from there.</summary>
    public bool Memory { get; init; }
    public long VmStateBytes { get; init; }
}
