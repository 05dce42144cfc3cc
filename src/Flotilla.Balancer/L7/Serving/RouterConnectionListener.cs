using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;

namespace Flotilla.Balancer.L7.Serving;

/// <summary>
/// What Kestrel accepts from for one <see cref="RouterEndPoint"/>: the connections that the
/// router's <see cref="ListenSocket"/>s accepted, wrapped by Kestrel's own socket connection factory
/// (so the transport is Kestrel's; only the accept is ours). Each connection carries its
/// listen socket in <c>Items</c>, which the TLS callback reads to pick the certificate set.
/// </summary>
internal sealed class RouterConnectionListener : IConnectionListener
{
    /// <summary>The <c>Items</c> key of the <see cref="ListenSocket"/> a connection came through.</summary>
    public const string ListenSocketItem = "flotilla.listen-socket";

    private readonly Channel<(Socket Socket, ListenSocket From)> _accepted = Channel.CreateUnbounded<(Socket, ListenSocket)>(new UnboundedChannelOptions { SingleReader = false });
    private readonly SocketConnectionContextFactory _factory;

    public RouterConnectionListener(RouterEndPoint endPoint, ILogger logger)
    {
        EndPoint = endPoint;
        _factory = new SocketConnectionContextFactory(new SocketConnectionFactoryOptions(), logger);
    }

    public EndPoint EndPoint { get; }

    /// <summary>Hands over an accepted socket; false once Kestrel has stopped listening here.</summary>
    public bool TryEnqueue(Socket socket, ListenSocket from) => _accepted.Writer.TryWrite((socket, from));

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var (socket, from) = await _accepted.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            socket.NoDelay = true;
            var connection = _factory.Create(socket);
            connection.Items[ListenSocketItem] = from;
            return connection;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        if (_accepted.Writer.TryComplete())
        {
            // Accepted but never served: close them rather than leave the clients hanging.
            while (_accepted.Reader.TryRead(out var left))
            {
                left.Socket.Dispose();
            }
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await UnbindAsync().ConfigureAwait(false);
        _factory.Dispose();
    }
}
