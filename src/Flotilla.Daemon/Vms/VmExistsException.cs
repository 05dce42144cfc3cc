namespace Flotilla.Daemon.Vms;

public sealed class VmExistsException(string name) : Exception($"a VM named '{name}' already exists")
{
    public string Name { get; } = name;
}
