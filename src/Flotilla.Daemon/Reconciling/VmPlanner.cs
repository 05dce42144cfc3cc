using Flotilla.Core.Vms;

namespace Flotilla.Daemon.Reconciling;

/// <summary>
/// The VM reconciler's decision, in pure code: from a VM's spec, its recorded status, what its worker observes and
/// the time, the one next step. No I/O, so every branch is a row of a table test. The order is the order of a pass:
/// an exit is recorded first, then power (stop, start), lost taps, then pause or resume, a reboot, the balloon.
/// </summary>
internal static class VmPlanner
{
    public static VmAction Next(VmSpec spec, VmStatus status, VmObserved observed, DateTimeOffset now)
    {
        if (observed.Exit is { } exit) return OnExit(spec, exit.Requested, exit.Reason);
        if (spec.Power == PowerState.Stopped)
        {
            if (observed.Running) return new Stop(spec.ForceStop);
            // Stopping a VM that crashed or failed (its QEMU is gone, maybe waiting out a restart back-off) is done at once.
            return status.State is VmState.Crashed or VmState.Failed ? new ClearFailure() : new None();
        }
        if (!observed.Running)
        {
            if (observed.SpecRevision == observed.HeldRevision) return new Hold($"spec revision {observed.SpecRevision} failed under onCrash: preserve");
            // Under "restart", a start after a crash waits its turn.
            return now < observed.NotBefore ? new WaitUntil(observed.NotBefore) : new Start();
        }
        if (observed.TapsLost is { } network) return spec.OnCrash == CrashPolicy.Restart ? new Reconnect(network) : new ReportOffNetwork(network);
        if (spec.Power == PowerState.Paused && status.State != VmState.Paused) return new Pause();
        if (spec.Power == PowerState.Running && status.State == VmState.Paused) return new Resume();
        if (spec.RebootGeneration > status.ObservedRebootGeneration) return new Reset();
        if (spec.BalloonTargetMiB is { } target && status.BalloonActualMiB != target) return new SetBalloon(target);
        return new None();
    }

    /// <summary>A start that failed: under "preserve" the revision is held, under "restart" the back-off counts it.</summary>
    public static bool HoldsAfterFailure(VmSpec spec) => spec.OnCrash == CrashPolicy.Preserve;

    private static VmAction OnExit(VmSpec spec, bool requested, string reason)
    {
        var wanted = requested || spec.Power == PowerState.Stopped;
        if (wanted && spec.Transient) return new Forget();
        if (wanted) return new RecordStopped(GuestPoweredOff: spec.Power != PowerState.Stopped);
        return new RecordCrash(reason, Preserve: HoldsAfterFailure(spec));
    }
}
