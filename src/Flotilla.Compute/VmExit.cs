namespace Flotilla.Compute;

/// <summary>
/// How a QEMU ended. <see cref="Requested"/>: we sent <c>system_powerdown</c> or <c>quit</c> (or killed it after
/// those timed out), or the guest powered itself off (a SHUTDOWN event with a guest reason). Otherwise it crashed:
/// it was killed, or exited without a SHUTDOWN event. <see cref="Reason"/> is one line for people.
/// </summary>
public sealed record VmExit(bool Requested, string Reason);
