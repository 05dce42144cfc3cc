namespace Flotilla.Cli.Api;

/// <summary>A template's base disk.</summary>
internal sealed record BaseDisk
{
    public string File { get; init; } = "";
    public long VirtualBytes { get; init; }
    public long AllocatedBytes { get; init; }
}
