namespace Flotilla.Core.Vms;

/// <summary>What to do when a VM's QEMU dies on its own (libvirt's <c>on_crash</c>).</summary>
public enum CrashPolicy
{
    /// <summary>Report it as <see cref="VmState.Crashed"/> and leave it for inspection (<c>vm create</c>'s default).</summary>
    Preserve,
    /// <summary>Start it again (what stacks use).</summary>
    Restart,
}
