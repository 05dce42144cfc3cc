using System.Net;
using System.Net.Sockets;
using Flotilla.Balancer.L4.Pools;
using Microsoft.Extensions.Logging;

namespace Flotilla.Balancer.L4.Tcp;

/// <summary>A listening socket on a frontend endpoint, handing each connection to its rule.</summary>
internal sealed partial class TcpRuleListener : IFrontendListener
{
    /// <summary>Accepts kept in flight at once, so a burst of connects is taken without a round trip each.</summary>
    private const int ConcurrentAccepts = 2;

    private readonly Socket _socket;
    private readonly TcpProxy _proxy;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private volatile RuleRuntime _rule;

    private TcpRuleListener(Socket socket, RuleRuntime rule, ILogger logger)
    {
        _socket = socket;
        _rule = rule;
        _logger = logger;
        _proxy = new TcpProxy(logger);
    }

    public IPEndPoint Endpoint => (IPEndPoint)_socket.LocalEndPoint!;

    public RuleRuntime Rule
    {
        get => _rule;
        set => _rule = value;
    }

    public static TcpRuleListener Bind(IPEndPoint endpoint, RuleRuntime rule, ILogger logger)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            socket.Listen(65535);
            return new TcpRuleListener(socket, rule, logger);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Start()
    {
        for (var i = 0; i < ConcurrentAccepts; i++)
        {
            _loops.Add(AcceptLoopAsync(_stop.Token));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // Out of descriptors or a connection reset before accept: keep listening, but
                // back off on EMFILE/ENFILE or the loop would spin while the queue stays full.
                LogAcceptFailed(_logger, Endpoint.ToString(), e.SocketErrorCode.ToString());
                if (e.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None).ConfigureAwait(false);
                }

                continue;
            }

            _ = _proxy.HandleAsync(client, _rule);
        }
    }

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Accept on {Endpoint} failed: {Error}")]
    private static partial void LogAcceptFailed(ILogger logger, string endpoint, string error);
}
