namespace Flotilla.Daemon.Pools;

public sealed class PoolNotFoundException(string name, IReadOnlyList<string> known)
    : Exception($"no pool named '{name}' (pools: {string.Join(", ", known)}; make one with: flotilla pool create)")
{
    public string Name { get; } = name;
}
