using System.Text.Json;
using Flotilla.Compute.Qemu.Qmp;
using Flotilla.Compute.Vms;

namespace Flotilla.Compute.Tests.Vms;

public sealed class VmExitTrackerTests
{
    private static QmpEvent Shutdown(bool guest, string reason) =>
        new("SHUTDOWN", JsonDocument.Parse($$"""{"guest": {{(guest ? "true" : "false")}}, "reason": "{{reason}}"}""").RootElement.Clone(), DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_guest_poweroff_is_requested_even_when_we_did_not_ask()
    {
        var tracker = new VmExitTracker();
        tracker.Observe(Shutdown(guest: true, "guest-shutdown"));

        var exit = tracker.Classify(0);

        Assert.True(exit.Requested);
        Assert.Equal("the guest powered off, exit code 0", exit.Reason);
    }

    [Fact]
    public void An_exit_without_shutdown_event_is_a_crash()
    {
        Assert.Equal(new VmExit(false, "QEMU died without a SHUTDOWN event, killed by signal 9"), new VmExitTracker().Classify(137));
        Assert.Equal(new VmExit(false, "QEMU died without a SHUTDOWN event"), new VmExitTracker().Classify(null));
    }

    [Fact]
    public void A_termination_signal_from_someone_else_is_a_crash_and_a_guest_panic_too()
    {
        var signalled = new VmExitTracker();
        signalled.Observe(Shutdown(guest: false, "host-signal"));
        var panicked = new VmExitTracker();
        panicked.Observe(Shutdown(guest: true, "guest-panic"));

        Assert.False(signalled.Classify(0).Requested);
        Assert.Contains("termination signal", signalled.Classify(0).Reason);
        Assert.False(panicked.Classify(null).Requested);
    }

    [Fact]
    public void What_we_asked_for_makes_any_exit_requested_and_is_named()
    {
        var tracker = new VmExitTracker();
        tracker.Request("quit");
        tracker.Observe(new QmpEvent("STOP", default, DateTimeOffset.UnixEpoch));
        tracker.Observe(Shutdown(guest: false, "host-qmp-quit"));

        Assert.Equal(new VmExit(true, "stopped on request (quit; QEMU quit, exit code 0)"), tracker.Classify(0));

        var killed = new VmExitTracker();
        killed.Request("SIGKILL: quit did not end QEMU within 5 s");
        Assert.Equal(new VmExit(true, "stopped on request (SIGKILL: quit did not end QEMU within 5 s, killed by signal 9)"), killed.Classify(137));
    }
}
