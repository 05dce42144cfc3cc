namespace Flotilla.Daemon.Vms;

/// <summary>A verb that needs a stopped VM (undefine, clone) on one that still runs; libvirt refuses those too.</summary>
public sealed class VmRunningException : Exception
{
    public VmRunningException(string name) : this(name, $"VM '{name}' is running: destroy or shut it down first")
    {
    }

    public VmRunningException(string name, string message) : base(message) => Name = name;

    public string Name { get; }
}
