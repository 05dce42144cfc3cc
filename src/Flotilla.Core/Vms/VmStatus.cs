namespace Flotilla.Core.Vms;

/// <summary>What a VM is observed doing, written only by the host's reconciler.</summary>
public sealed record VmStatus
{
    public VmState State { get; init; } = VmState.Stopped;
    /// <summary>The host whose daemon runs it.</summary>
    public string Host { get; init; } = "";
    public int? Pid { get; init; }
    /// <summary><c>kvm</c> or <c>tcg</c>.</summary>
    public string? Accel { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>Why it failed or crashed, in one line.</summary>
    public string? Message { get; init; }
    public long ObservedRebootGeneration { get; init; }
    public int? BalloonActualMiB { get; init; }
}
