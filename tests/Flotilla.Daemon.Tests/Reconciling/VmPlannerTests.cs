using Flotilla.Compute;
using Flotilla.Core.Vms;
using Flotilla.Daemon.Reconciling;
using Microsoft.Extensions.Time.Testing;

namespace Flotilla.Daemon.Tests.Reconciling;

/// <summary>Every branch of <see cref="VmPlanner"/>, as a table: spec, status, what the worker sees, the next step.</summary>
public sealed class VmPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly VmSpec Spec = new() { Name = "web", Template = "alpine", Mac = "52:54:00:00:00:01", InstanceId = "i-1", Power = PowerState.Running };
    private static readonly VmStatus Up = new() { State = VmState.Running, Pid = 42 };
    private static readonly VmObserved Alive = new(Running: true, Exit: null, SpecRevision: 7, HeldRevision: -1, NotBefore: DateTimeOffset.MinValue);
    private static readonly VmObserved Gone = Alive with { Running = false };

    private sealed record Case(VmSpec Spec, VmStatus Status, VmObserved Observed, VmAction Expected);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["running wanted, stopped VM: start"] = new(Spec, new VmStatus(), Gone, new Start()),
        ["running wanted, failed VM under restart, back-off over: start"] =
            new(Spec with { OnCrash = CrashPolicy.Restart }, new VmStatus { State = VmState.Failed }, Gone with { NotBefore = Now }, new Start()),
        ["running wanted, back-off not over: wait until it is"] =
            new(Spec with { OnCrash = CrashPolicy.Restart }, new VmStatus { State = VmState.Crashed }, Gone with { NotBefore = Now.AddSeconds(4) }, new WaitUntil(Now.AddSeconds(4))),
        ["running wanted, revision held after a crash under preserve: hold"] =
            new(Spec, new VmStatus { State = VmState.Crashed }, Gone with { HeldRevision = 7 }, new Hold("spec revision 7 failed under onCrash: preserve")),
        ["a new revision after a hold: start"] =
            new(Spec, new VmStatus { State = VmState.Crashed }, Gone with { HeldRevision = 6 }, new Start()),
        ["crash under preserve: record it, held"] =
            new(Spec, Up, Gone with { Exit = new VmExit(false, "killed") }, new RecordCrash("killed", Preserve: true)),
        ["crash under restart: record it, back off"] =
            new(Spec with { OnCrash = CrashPolicy.Restart }, Up, Gone with { Exit = new VmExit(false, "killed") }, new RecordCrash("killed", Preserve: false)),
        ["the guest powered itself off: stopped, and so is the spec"] =
            new(Spec, Up, Gone with { Exit = new VmExit(true, "shutdown") }, new RecordStopped(GuestPoweredOff: true)),
        ["QEMU ended after a stop: stopped"] =
            new(Spec with { Power = PowerState.Stopped }, Up, Gone with { Exit = new VmExit(false, "killed") }, new RecordStopped(GuestPoweredOff: false)),
        ["a transient VM stopped: forget it"] =
            new(Spec with { Transient = true }, Up, Gone with { Exit = new VmExit(true, "shutdown") }, new Forget()),
        ["a transient VM crashed: record the crash"] =
            new(Spec with { Transient = true }, Up, Gone with { Exit = new VmExit(false, "killed") }, new RecordCrash("killed", Preserve: true)),
        ["power off: stop gracefully"] = new(Spec with { Power = PowerState.Stopped }, Up, Alive, new Stop(Force: false)),
        ["forced power off: stop at once"] = new(Spec with { Power = PowerState.Stopped, ForceStop = true }, Up, Alive, new Stop(Force: true)),
        ["power off of a crashed VM: stopped at once"] =
            new(Spec with { Power = PowerState.Stopped }, new VmStatus { State = VmState.Crashed }, Gone with { NotBefore = Now.AddSeconds(30) }, new ClearFailure()),
        ["power off of a failed VM: stopped at once"] =
            new(Spec with { Power = PowerState.Stopped }, new VmStatus { State = VmState.Failed }, Gone, new ClearFailure()),
        ["power off of a stopped VM: nothing"] = new(Spec with { Power = PowerState.Stopped }, new VmStatus(), Gone, new None()),
        ["pause wanted: pause"] = new(Spec with { Power = PowerState.Paused }, Up, Alive, new Pause()),
        ["paused as wanted: nothing"] = new(Spec with { Power = PowerState.Paused }, Up with { State = VmState.Paused }, Alive, new None()),
        ["running wanted, paused: resume"] = new(Spec, Up with { State = VmState.Paused }, Alive, new Resume()),
        ["reboot generation behind: reset"] = new(Spec with { RebootGeneration = 3 }, Up with { ObservedRebootGeneration = 2 }, Alive, new Reset()),
        ["reboot generation seen: nothing"] = new(Spec with { RebootGeneration = 3 }, Up with { ObservedRebootGeneration = 3 }, Alive, new None()),
        ["balloon target differs: set it"] = new(Spec with { BalloonTargetMiB = 96 }, Up with { BalloonActualMiB = 128 }, Alive, new SetBalloon(96)),
        ["balloon never set: set it"] = new(Spec with { BalloonTargetMiB = 96 }, Up, Alive, new SetBalloon(96)),
        ["balloon at its target: nothing"] = new(Spec with { BalloonTargetMiB = 96 }, Up with { BalloonActualMiB = 96 }, Alive, new None()),
        ["pause comes before a reset and a balloon"] =
            new(Spec with { Power = PowerState.Paused, RebootGeneration = 1, BalloonTargetMiB = 96 }, Up, Alive, new Pause()),
        ["reset comes before a balloon"] = new(Spec with { RebootGeneration = 1, BalloonTargetMiB = 96 }, Up, Alive, new Reset()),
        ["taps lost under restart: reconnect (a fresh QEMU gets new taps)"] =
            new(Spec with { OnCrash = CrashPolicy.Restart }, Up, Alive with { TapsLost = "net" }, new Reconnect("net")),
        ["taps lost under preserve: say it stays off the network"] = new(Spec, Up, Alive with { TapsLost = "net" }, new ReportOffNetwork("net")),
        ["taps lost while paused under restart: reconnect"] =
            new(Spec with { OnCrash = CrashPolicy.Restart, Power = PowerState.Paused }, Up with { State = VmState.Paused }, Alive with { TapsLost = "net" }, new Reconnect("net")),
        ["taps lost, power off wanted: the stop comes first"] =
            new(Spec with { Power = PowerState.Stopped, OnCrash = CrashPolicy.Restart }, Up, Alive with { TapsLost = "net" }, new Stop(Force: false)),
        ["taps lost, QEMU exited meanwhile: the exit comes first"] =
            new(Spec with { OnCrash = CrashPolicy.Restart }, Up, Gone with { TapsLost = "net", Exit = new VmExit(false, "killed") }, new RecordCrash("killed", Preserve: false)),
        ["taps lost of a stopped VM: a start makes new ones"] = new(Spec, new VmStatus(), Gone with { TapsLost = "net" }, new Start()),
        ["running as wanted: nothing"] = new(Spec, Up, Alive, new None()),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Decides(string name)
    {
        var c = Cases[name];
        Assert.Equal(c.Expected, VmPlanner.Next(c.Spec, c.Status, c.Observed, Now));
    }

    [Fact]
    public void A_crash_under_restart_waits_out_the_back_off_then_starts()
    {
        var time = new FakeTimeProvider(Now);
        var backoff = new RestartBackoff(time);
        var spec = Spec with { OnCrash = CrashPolicy.Restart };
        var crashed = new VmStatus { State = VmState.Crashed };
        backoff.Failed(null);
        backoff.Failed(null);
        var observed = Gone with { NotBefore = backoff.NotBefore };
        Assert.Equal(new WaitUntil(Now.AddSeconds(2)), VmPlanner.Next(spec, crashed, observed, time.GetUtcNow()));
        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Equal(new WaitUntil(Now.AddSeconds(2)), VmPlanner.Next(spec, crashed, observed, time.GetUtcNow()));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(new Start(), VmPlanner.Next(spec, crashed, observed, time.GetUtcNow()));
    }
}
