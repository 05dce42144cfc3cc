using Flotilla.Compute.Qemu.Qmp;
using Flotilla.Compute.Qemu.Qmp.Events;

namespace Flotilla.Compute.Vms;

/// <summary>
/// Tells a requested end from a crash. QEMU sends a SHUTDOWN event before it exits on its own accord:
/// <c>{"guest": true, "reason": "guest-shutdown"}</c> when the guest powered off (after our <c>system_powerdown</c> or
/// its own <c>poweroff</c>), <c>{"guest": false, "reason": "host-qmp-quit"}</c> after <c>quit</c>, <c>host-signal</c>
/// after SIGTERM/SIGINT/SIGHUP. SIGKILL, or a QEMU that aborts, sends none. What we asked for is recorded before we
/// send it, so an exit that follows counts as requested even when it races the event.
/// </summary>
internal sealed class VmExitTracker
{
    private readonly Lock _gate = new();
    private string? _requested;
    private string? _shutdownReason;
    private bool _shutdownByGuest;

    /// <summary>We are about to send <paramref name="what"/> (<c>system_powerdown</c>, <c>quit</c>, SIGKILL after a timeout).</summary>
    public void Request(string what)
    {
        lock (_gate) _requested = what;
    }

    public void Observe(QmpEvent qmpEvent)
    {
        ShutdownEvent? shutdown;
        try
        {
            if (!qmpEvent.TryRead(out shutdown)) return;
        }
        catch (QmpException)
        {
            shutdown = new ShutdownEvent(false, null); // A SHUTDOWN all the same: the exit it announces was no crash.
        }
        lock (_gate)
        {
            _shutdownReason = shutdown.Reason ?? "unknown";
            _shutdownByGuest = shutdown.Guest;
        }
    }

    /// <param name="exitCode">QEMU's exit code when we were its parent (128 + N when signal N killed it), else null.</param>
    public VmExit Classify(int? exitCode)
    {
        lock (_gate)
        {
            var how = exitCode switch
            {
                null => "",
                > 128 => $", killed by signal {exitCode - 128}",
                _ => $", exit code {exitCode}",
            };
            if (_requested is { } requested)
            {
                return _shutdownReason is { } reason
                    ? new VmExit(true, $"stopped on request ({requested}; {Describe(reason)}{how})")
                    : new VmExit(true, $"stopped on request ({requested}{how})");
            }
            return _shutdownReason switch
            {
                "guest-shutdown" => new VmExit(true, $"the guest powered off{how}"),
                "host-qmp-quit" => new VmExit(true, $"QEMU was told to quit over QMP{how}"),
                { } reason when _shutdownByGuest => new VmExit(false, $"the guest ended QEMU ({reason}{how})"),
                { } reason => new VmExit(false, $"QEMU was stopped from outside ({Describe(reason)}{how})"),
                null => new VmExit(false, $"QEMU died without a SHUTDOWN event{how}"),
            };
        }
    }

    private static string Describe(string reason) => reason switch
    {
        "guest-shutdown" => "the guest powered off",
        "host-qmp-quit" => "QEMU quit",
        "host-signal" => "QEMU got a termination signal",
        _ => reason,
    };
}
