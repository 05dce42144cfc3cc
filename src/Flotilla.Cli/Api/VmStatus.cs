namespace Flotilla.Cli.Api;

/// <summary>A VM's <c>status</c>: what is, written by the host's reconciler.</summary>
internal sealed record VmStatus
{
    public VmState State { get; init; }
    public string? Host { get; init; }
    public int? Pid { get; init; }
    public string? Accel { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>Why it failed or crashed, in one line.</summary>
    public string? Message { get; init; }
    public long ObservedRebootGeneration { get; init; }
    public int? BalloonActualMiB { get; init; }
}
