namespace Flotilla.Daemon.Networks;

public sealed class NetworkNotFoundException(string name) : Exception($"no network named '{name}' (flotilla network list shows them)")
{
    public string Name { get; } = name;
}
