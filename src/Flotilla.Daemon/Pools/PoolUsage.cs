using Flotilla.Daemon.Vms;

namespace Flotilla.Daemon.Pools;

/// <summary>
/// A pool's capacity against its disks. The capacity limits allocated bytes (what the disks hold on the host), not
/// provisioned ones (what their guests could fill): disks are thin, and a pool may be overcommitted, as thin pools are.
/// So a new disk is refused when the pool is full already, or when the bytes it takes at once (a full copy's) do not
/// fit; a linked clone takes next to nothing until its guest writes.
/// </summary>
internal sealed record PoolUsage(long CapacityBytes, long AllocatedBytes, long ProvisionedBytes)
{
    public long FreeBytes => Math.Max(0, CapacityBytes - AllocatedBytes);

    /// <summary>Provisioned / capacity: above 1, the guests could write more than the pool holds.</summary>
    public double Overcommit => CapacityBytes <= 0 ? 0 : (double)ProvisionedBytes / CapacityBytes;

    public static PoolUsage Of(long capacityBytes, IEnumerable<VolumeView> volumes)
    {
        var list = volumes.ToList();
        return new PoolUsage(capacityBytes, list.Sum(v => v.AllocatedBytes), list.Sum(v => v.VirtualBytes));
    }

    /// <param name="pool">The pool's name, for the message.</param>
    /// <param name="neededBytes">What the new disk allocates at once (0 for an overlay).</param>
    /// <param name="what">The new disk, for the message: <c>a full clone of tiny-web</c>.</param>
    /// <exception cref="InsufficientCapacityException">It does not fit; the message says what is short.</exception>
    public void Check(string pool, long neededBytes, string what)
    {
        if (AllocatedBytes >= CapacityBytes)
        {
            throw new InsufficientCapacityException(
                $"pool '{pool}' is full: {ByteSize.Format(AllocatedBytes)} allocated of {ByteSize.Format(CapacityBytes)}; {what} needs room to write (free space in it, or choose another pool with --pool)");
        }
        if (neededBytes > FreeBytes)
        {
            throw new InsufficientCapacityException(
                $"pool '{pool}' has {ByteSize.Format(FreeBytes)} free of {ByteSize.Format(CapacityBytes)}; {what} needs {ByteSize.Format(neededBytes)}");
        }
    }
}
