namespace Flotilla.Compute.Qemu.Qmp.Migration;

/// <summary>QAPI's <c>MigrationStats</c>, <see cref="MigrationInfo.Ram"/>: bytes and pages of RAM moved so far.</summary>
public sealed record MigrationStats
{
    public long Transferred { get; init; }
    public long Remaining { get; init; }
    public long Total { get; init; }
    /// <summary>Zero pages, sent as a marker only.</summary>
    public long Duplicate { get; init; }
    public long Normal { get; init; }
    public long NormalBytes { get; init; }
    /// <summary>Pages the guest dirties per second: against <see cref="Mbps"/>, whether the migration converges.</summary>
    public long DirtyPagesRate { get; init; }
    public double Mbps { get; init; }
    public long DirtySyncCount { get; init; }
    public long PostcopyRequests { get; init; }
    public long PageSize { get; init; }
    public ulong MultifdBytes { get; init; }
    public ulong PagesPerSecond { get; init; }
    public ulong PrecopyBytes { get; init; }
    public ulong DowntimeBytes { get; init; }
    public ulong PostcopyBytes { get; init; }
}
