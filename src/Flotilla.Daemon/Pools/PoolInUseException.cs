namespace Flotilla.Daemon.Pools;

/// <summary>Deleting a pool that still holds VM disks (or the host's own default pool).</summary>
public sealed class PoolInUseException(string name, string message) : Exception(message)
{
    public string Name { get; } = name;
}
