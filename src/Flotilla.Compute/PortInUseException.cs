namespace Flotilla.Compute;

/// <summary>A forward's host port on 127.0.0.1 is taken.</summary>
public sealed class PortInUseException(int port, string vmName, Exception? inner = null)
    : Exception($"port 127.0.0.1:{port} is in use: VM '{vmName}' cannot forward it; pick another host port", inner)
{
    public int Port { get; } = port;
    public string VmName { get; } = vmName;
}
