namespace Flotilla.Compute.Pools;

/// <summary>
/// Where a new VM's disk is made when it is not in the VM's own directory (the default pool): a storage pool's
/// directory, which the daemon resolved from its store. The disk is <c>Directory/VMNAME.qcow2</c>, and the VM's
/// directory links <c>disk.qcow2</c> to it, so everything after creation (start, snapshots, clones, delete) finds the
/// disk through the VM's directory, and the QEMU command line stays the same whatever pool the disk is in.
/// </summary>
public sealed record DiskPlacement(string PoolName, string Directory)
{
    public string DiskFor(string vmName) => Path.Combine(Directory, vmName + ".qcow2");
}
