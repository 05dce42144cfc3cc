namespace Flotilla.Daemon.Vms;

/// <summary>Undefine of a VM that still runs; libvirt refuses it too unless asked to destroy first.</summary>
public sealed class VmRunningException(string name) : Exception($"VM '{name}' is running: destroy or shut it down first")
{
    public string Name { get; } = name;
}
