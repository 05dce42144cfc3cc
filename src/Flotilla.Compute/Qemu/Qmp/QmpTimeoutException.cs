namespace Flotilla.Compute.Qemu.Qmp;

/// <summary>No answer in time; QEMU may be wedged (or busy: TCG is slow).</summary>
public sealed class QmpTimeoutException(string command, TimeSpan timeout)
    : QmpException($"QMP '{command}' got no answer within {timeout.TotalSeconds:0.#} s");
