namespace Flotilla.Daemon.Reconciling;

/// <summary>
/// Stop asked of a VM whose QEMU is already gone (crashed, failed, maybe waiting out a back-off): it is stopped at
/// once, keeping the message that says why it ended.
/// </summary>
internal sealed record ClearFailure : VmAction;
