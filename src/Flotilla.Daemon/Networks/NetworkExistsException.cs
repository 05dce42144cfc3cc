namespace Flotilla.Daemon.Networks;

public sealed class NetworkExistsException(string name) : Exception($"a network named '{name}' exists already")
{
    public string Name { get; } = name;
}
