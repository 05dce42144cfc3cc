namespace Flotilla.Daemon.Reconciling;

/// <summary>
/// How long a VM with <c>onCrash: restart</c> waits before its next start after a crash or a failed start: 1 s, then
/// doubling up to 60 s, like systemd's and Kubernetes' restart back-off, so a guest that dies at once does not spin
/// QEMU on a loaded host. A VM that had run for a minute before it died starts counting again from 1 s.
/// </summary>
internal sealed class RestartBackoff(TimeProvider time)
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(60);
    /// <summary>Run this long and a crash is a new story, not the next of a series.</summary>
    public static readonly TimeSpan Healthy = TimeSpan.FromSeconds(60);

    /// <summary>No start before this (<see cref="DateTimeOffset.MinValue"/> before any failure).</summary>
    public DateTimeOffset NotBefore { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>Crashes and failed starts in a row.</summary>
    public int Failures { get; private set; }

    /// <summary>Records a failure; returns the wait before the next start.</summary>
    /// <param name="runningSince">When the VM that failed had started, if it ran at all.</param>
    public TimeSpan Failed(DateTimeOffset? runningSince)
    {
        var now = time.GetUtcNow();
        if (runningSince is { } since && now - since >= Healthy) Failures = 0;
        Failures++;
        var delay = TimeSpan.FromTicks(Math.Min(Max.Ticks, First.Ticks << Math.Min(Failures - 1, 20)));
        NotBefore = now + delay;
        return delay;
    }

    /// <summary>What is left of the wait (zero when a start may go ahead).</summary>
    public TimeSpan Remaining
    {
        get
        {
            var left = NotBefore - time.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }
}
