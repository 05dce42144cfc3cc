namespace Flotilla.Compute.Qemu.Qmp.Migration;

/// <summary>
/// <see cref="QueryMigrate"/>'s reply, QAPI's <c>MigrationInfo</c>: <c>{"status": "active", "total-time": 12345,
/// "expected-downtime": 300, "ram": {…}}</c>. Every member is optional: <c>{}</c> before the first migration, and
/// <see cref="Ram"/> only while active or completed. Times are in milliseconds.
/// </summary>
public sealed record MigrationInfo
{
    public MigrationStatus? Status { get; init; }
    public MigrationStats? Ram { get; init; }
    public long? TotalTime { get; init; }
    /// <summary>While active: the downtime the last pass predicts.</summary>
    public long? ExpectedDowntime { get; init; }
    /// <summary>Once completed: the guest's real downtime.</summary>
    public long? Downtime { get; init; }
    public long? SetupTime { get; init; }
    public long? CpuThrottlePercentage { get; init; }
    /// <summary>Why it failed, for people (QEMU: not to be parsed).</summary>
    public string? ErrorDesc { get; init; }
    /// <summary>Why an outgoing migration cannot start (e.g. a device that does not migrate).</summary>
    public IReadOnlyList<string>? BlockedReasons { get; init; }
}
