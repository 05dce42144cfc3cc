namespace Flotilla.Daemon.Reconciling;

/// <summary>
/// QEMU ended as wanted: record it stopped; when the guest powered itself off (<paramref name="GuestPoweredOff"/>)
/// the spec follows what the owner of the guest did and becomes stopped too.
/// </summary>
internal sealed record RecordStopped(bool GuestPoweredOff) : VmAction;
