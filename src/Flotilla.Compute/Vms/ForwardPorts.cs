using System.Net;
using System.Net.Sockets;
using Flotilla.Core.Vms;

namespace Flotilla.Compute.Vms;

/// <summary>
/// Checks a VM's host ports before QEMU starts, by binding 127.0.0.1:PORT as QEMU's slirp will (with SO_REUSEADDR, so
/// a port held only by TIME_WAIT connections counts as free, as it does for QEMU). A port taken between this check and
/// QEMU's bind still fails the start; <see cref="FromQemuLog"/> recognises that.
/// </summary>
internal static class ForwardPorts
{
    /// <exception cref="PortInUseException">A host port is taken, or the spec forwards one twice.</exception>
    public static void EnsureFree(VmSpec spec)
    {
        var seen = new HashSet<int>();
        foreach (var forward in spec.Forwards)
        {
            if (!seen.Add(forward.HostPort)) throw new PortInUseException(forward.HostPort, spec.Name);
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            try
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, forward.HostPort));
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
            {
                throw new PortInUseException(forward.HostPort, spec.Name, e);
            }
        }
    }

    /// <summary>QEMU's own words when slirp cannot bind a forward:
    /// <c>Could not set up host forwarding rule 'tcp:127.0.0.1:18080-:80'</c>. Returns that port, or null.</summary>
    public static int? FromQemuLog(IEnumerable<string> lines)
    {
        const string Marker = "Could not set up host forwarding rule 'tcp:127.0.0.1:";
        foreach (var line in lines)
        {
            var at = line.IndexOf(Marker, StringComparison.Ordinal);
            if (at < 0) continue;
            var rest = line[(at + Marker.Length)..];
            var end = rest.IndexOf('-', StringComparison.Ordinal);
            if (end > 0 && int.TryParse(rest[..end], out var port)) return port;
        }
        return null;
    }
}
