namespace Flotilla.Compute.Snapshots;

/// <summary>What is wrong with a snapshot request, as <see cref="SnapshotException"/> carries it (the API maps each to a problem type).</summary>
public enum SnapshotError
{
    /// <summary>The VM's disk has no snapshot of that name.</summary>
    NotFound,
    /// <summary>The name is taken (QEMU's <c>savevm</c> would silently replace it, and <c>qemu-img snapshot -c</c> add a second one).</summary>
    Exists,
    /// <summary>A memory snapshot of a VM that is not running: there is no RAM to save.</summary>
    VmNotRunning,
    /// <summary>A running VM can only go back to a snapshot with memory state; a disk-only one needs the VM stopped.</summary>
    VmRunning,
    /// <summary>QEMU or qemu-img refused or failed (the message has its words): a disk in use elsewhere, a corrupt image.</summary>
    Failed,
}
