namespace Flotilla.Daemon.Pools;

public sealed class PoolExistsException(string name) : Exception($"a pool named '{name}' already exists")
{
    public string Name { get; } = name;
}
