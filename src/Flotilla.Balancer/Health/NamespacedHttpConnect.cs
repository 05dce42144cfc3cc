using System.Net.Sockets;
using Flotilla.Balancer.Namespaces;

namespace Flotilla.Balancer.Health;

/// <summary>
/// The connect step of the HTTP client that probes members inside a namespace: the socket is
/// made there (<see cref="NetworkNamespace"/>), then connected and wrapped as usual. The
/// namespace comes with each request, as probes send one request per connection.
/// </summary>
internal static class NamespacedHttpConnect
{
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        if (!context.InitialRequestMessage.Options.TryGetValue(HttpHealthProbe.Target, out var target))
        {
            throw new InvalidOperationException("a namespaced probe request must name its namespace");
        }

        var socket = target.Namespace.CreateSocket(target.Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(target.Endpoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
