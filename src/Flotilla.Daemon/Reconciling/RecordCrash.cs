namespace Flotilla.Daemon.Reconciling;

/// <summary>
/// QEMU died unasked: record the crash, then either hold the revision (<paramref name="Preserve"/>, for inspection)
/// or count a failure of the restart back-off.
/// </summary>
internal sealed record RecordCrash(string Reason, bool Preserve) : VmAction;
