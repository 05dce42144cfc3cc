namespace Flotilla.Compute.Disks;

/// <summary>
/// A qcow2 disk as <c>qemu-img info</c> sees it: what the guest sees (<see cref="VirtualBytes"/>) against what the host
/// has given it (<see cref="AllocatedBytes"/>, the file's blocks): thin provisioning, visible.
/// </summary>
public sealed record DiskInfo
{
    /// <summary>The disk file itself (a VM's <c>disk.qcow2</c> link in a pool resolved to the pool's file).</summary>
    public required string Path { get; init; }
    public required long VirtualBytes { get; init; }
    /// <summary>qemu-img's <c>actual-size</c>: the blocks the file holds on the host.</summary>
    public required long AllocatedBytes { get; init; }
    /// <summary>The file's length: what a byte-for-byte copy of it allocates (a copy is not sparse).</summary>
    public required long FileBytes { get; init; }
    /// <summary>The backing file of an overlay (a linked clone); null for a standalone disk.</summary>
    public string? BackingFile { get; init; }
}
