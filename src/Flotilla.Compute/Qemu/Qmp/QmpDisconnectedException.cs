namespace Flotilla.Compute.Qemu.Qmp;

/// <summary>The QMP connection closed: QEMU exited or crashed.</summary>
public sealed class QmpDisconnectedException(string command, Exception? inner = null)
    : QmpException($"QMP connection closed before '{command}' was answered (QEMU exited?)", inner);
