using System.Net.Sockets;

namespace Flotilla.Client;

/// <summary>
/// The one HTTP handler for flotillad's API: over a UNIX socket when given its path, else plain TCP.
/// The CLI's client and the e2e fixtures both use it, so a fix to how we connect lands everywhere.
/// </summary>
public static class UnixSocketHandler
{
    /// <param name="socketPath">The socket's full path; null for a TCP endpoint.</param>
    public static SocketsHttpHandler Create(string? socketPath)
    {
        // No proxy: the API is local. Idle connections go soon so a restarted daemon is met on a fresh one.
        var handler = new SocketsHttpHandler { UseProxy = false, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(10) };
        if (socketPath is not null)
        {
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        return handler;
    }
}
