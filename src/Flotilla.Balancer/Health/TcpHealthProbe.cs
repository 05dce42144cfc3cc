using System.Net;
using System.Net.Sockets;
using Flotilla.Balancer.Namespaces;

namespace Flotilla.Balancer.Health;

/// <summary>Healthy when a TCP connection to the target is accepted (then closed at once), made in the member's namespace.</summary>
internal sealed class TcpHealthProbe(NetworkNamespace? network) : IHealthProbe
{
    public string Name => "tcp";

    public async Task<ProbeResult> ProbeAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        using var socket = NetworkNamespace.CreateSocket(network, target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
            return ProbeResult.Ok;
        }
        catch (SocketException e)
        {
            return ProbeResult.Failed($"connect: {e.SocketErrorCode}");
        }
    }
}
