namespace Flotilla.Core.Vms;

/// <summary>What a VM is observed doing (its status).</summary>
public enum VmState
{
    /// <summary>Defined, no QEMU process (libvirt's "shut off").</summary>
    Stopped,
    Starting,
    Running,
    Paused,
    ShuttingDown,
    /// <summary>QEMU died without being asked to; kept for inspection under <see cref="CrashPolicy.Preserve"/>.</summary>
    Crashed,
    /// <summary>Could not be started; <see cref="VmStatus.Message"/> says why.</summary>
    Failed,
}
