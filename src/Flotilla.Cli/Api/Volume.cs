namespace Flotilla.Cli.Api;

/// <summary>A VM's disk in a pool: virtual size (what the guest sees) against allocated (what the host holds).</summary>
internal sealed record Volume
{
    public string Vm { get; init; } = "";
    public string File { get; init; } = "";
    public long VirtualBytes { get; init; }
    public long AllocatedBytes { get; init; }
    /// <summary>A linked clone's base; null for a standalone disk.</summary>
    public string? BackingFile { get; init; }
}
