namespace Flotilla.Daemon.Vms;

public sealed class VmNotFoundException(string name) : Exception($"no VM named '{name}'")
{
    public string Name { get; } = name;
}
