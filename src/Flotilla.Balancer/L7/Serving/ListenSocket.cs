using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Flotilla.Balancer.L7.Serving;

/// <summary>
/// One bound TCP listen socket of a router listener (address:port) and its accept loop, which
/// hands each connection to the current <see cref="Owner"/>. A reload that keeps the port keeps
/// the socket (no connection refused, none reset) and only swaps the owner and certificates.
/// </summary>
internal sealed partial class ListenSocket : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly ILogger _logger;
    private Task _loop = Task.CompletedTask;

    private ListenSocket(Socket socket, ILogger logger)
    {
        _socket = socket;
        _logger = logger;
        Endpoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <summary>The bound endpoint (port 0 resolved).</summary>
    public IPEndPoint Endpoint { get; }

    private volatile RouterConnectionListener? _owner;
    private volatile CertificateSet? _certificates;

    /// <summary>Where accepted connections go; swapped by a reload.</summary>
    public RouterConnectionListener? Owner
    {
        get => _owner;
        set => _owner = value;
    }

    /// <summary>The certificates a TLS handshake on this socket chooses from; null for plain HTTP.</summary>
    public CertificateSet? Certificates
    {
        get => _certificates;
        set => _certificates = value;
    }

    /// <exception cref="SocketException">Bind or listen failed (address in use, no such address).</exception>
    public static ListenSocket Bind(IPEndPoint endpoint, ILogger logger)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // As Kestrel's own listeners: a restart may bind while old connections sit in TIME_WAIT.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            socket.Listen(512);
            return new ListenSocket(socket, logger);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Start() => _loop = AcceptLoopAsync();

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is ObjectDisposedException || e is SocketException { SocketErrorCode: SocketError.OperationAborted or SocketError.Interrupted or SocketError.InvalidArgument })
            {
                return;
            }
            catch (SocketException e)
            {
                // EMFILE and the like: the loop must survive; the backlog holds clients meanwhile.
                LogAcceptFailed(_logger, Endpoint.ToString(), e.Message);
                await Task.Delay(50).ConfigureAwait(false);
                continue;
            }

            if (Owner is not { } owner || !owner.TryEnqueue(client, this))
            {
                client.Dispose();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await _loop.ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 620, Level = LogLevel.Warning, Message = "Router listener {Endpoint}: accept failed: {Problem}")]
    private static partial void LogAcceptFailed(ILogger logger, string endpoint, string problem);
}
