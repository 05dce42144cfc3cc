namespace Flotilla.Compute.Snapshots;

/// <summary>
/// One internal snapshot of a VM's qcow2 disk, as <c>qemu-img info</c> and QMP <c>query-block</c> list it. A snapshot
/// taken with memory (<c>savevm</c>) also holds the VM's RAM and device state, <see cref="VmStateBytes"/> of it, in the
/// same file; a disk-only one holds none.
/// </summary>
public sealed record SnapshotInfo
{
    public required string Name { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public long VmStateBytes { get; init; }
    /// <summary>The guest's clock when it was taken (zero for a snapshot of a stopped VM).</summary>
    public TimeSpan VmClock { get; init; }
    public bool HasMemory => VmStateBytes > 0;
}
