using System.Net;
using System.Net.Sockets;

namespace Flotilla.Balancer.Health;

/// <summary>Healthy when a TCP connection to the target is accepted (then closed at once).</summary>
internal sealed class TcpHealthProbe : IHealthProbe
{
    public string Name => "tcp";

    public async Task<ProbeResult> ProbeAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        using var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
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
