namespace Flotilla.Daemon.Pools;

/// <summary>
/// A storage pool as stored under <c>pools/NAME</c>: a directory of this host where VM disks are made, with a
/// capacity that limits the bytes its disks allocate, and a tier label. The <c>default</c> pool is not stored: every
/// host has it (see <see cref="PoolCommands.Default"/>).
/// </summary>
public sealed record PoolSpec
{
    public required string Name { get; init; }
    /// <summary>Absolute and normalised; never inside or around another pool or the template store.</summary>
    public required string Path { get; init; }
    public required long CapacityBytes { get; init; }
    public required PoolTier Tier { get; init; }
    /// <summary>The directory did not exist and the pool made it: deleting the pool removes it again once empty.</summary>
    public bool MadeDirectory { get; init; }
}
