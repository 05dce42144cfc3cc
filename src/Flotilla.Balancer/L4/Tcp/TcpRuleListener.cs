using System.Net;
using System.Net.Sockets;
using Flotilla.Balancer.L4.Pools;
using Microsoft.Extensions.Logging;

namespace Flotilla.Balancer.L4.Tcp;

/// <summary>
/// Hands an accepted client to an engine's data path; <c>onClosed</c> must run once when the
/// connection is over, whatever the path (it gives back the flow's slot of the limit).
/// </summary>
internal delegate void TcpHandoff(Socket client, RuleRuntime rule, Action onClosed);

/// <summary>A listening socket on a frontend endpoint, handing each connection to its rule through its engine.</summary>
internal sealed partial class TcpRuleListener : IFrontendListener
{
    private readonly Socket _socket;
    private readonly TcpHandoff _handoff;
    private readonly ILogger _logger;
    private readonly Thread _acceptThread;
    private readonly ConnectionLimit _limit;
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _stopping;
    private volatile RuleRuntime _rule;

    private TcpRuleListener(Socket socket, RuleRuntime rule, ConnectionLimit limit, TcpHandoff handoff, ILogger logger)
    {
        _handoff = handoff;
        _socket = socket;
        _limit = limit;
        _rule = rule;
        _logger = logger;

        // A dedicated thread blocked in accept(2) instead of AcceptAsync: the async accept
        // completed on the socket engine and resumed on thread-pool workers, whose wake-ups and
        // spinning (sched_yield) cost more CPU per connection than the accept itself (perf, with
        // 'Connection: close'). The connect that follows completes on the socket engine thread.
        _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = "flotilla-accept" };
    }

    public IPEndPoint Endpoint => (IPEndPoint)_socket.LocalEndPoint!;

    public RuleRuntime Rule
    {
        get => _rule;
        set => _rule = value;
    }

    public static TcpRuleListener Bind(IPEndPoint endpoint, RuleRuntime rule, ConnectionLimit limit, TcpHandoff handoff, ILogger logger)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            socket.Listen(65535);
            return new TcpRuleListener(socket, rule, limit, handoff, logger);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Start() => _acceptThread.Start();

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        await _stop.CancelAsync().ConfigureAwait(false);

        // Closing the socket wakes the blocked accept(2) (the runtime shuts the descriptor down).
        _socket.Dispose();
        if (_acceptThread.IsAlive)
        {
            await Task.Run(_acceptThread.Join).ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private void AcceptLoop()
    {
        while (!_stopping)
        {
            // At the flow limit, wait here: clients queue in the backlog rather than fail.
            if (!_limit.Acquire(_stop.Token))
            {
                return;
            }

            Socket client;
            try
            {
                client = _socket.Accept();
            }
            catch (ObjectDisposedException)
            {
                _limit.Release();
                return;
            }
            catch (SocketException) when (_stopping)
            {
                _limit.Release();
                return;
            }
            catch (SocketException e)
            {
                // Out of descriptors or a connection reset before accept: keep listening, but
                // back off on EMFILE/ENFILE or the loop would spin while the queue stays full.
                LogAcceptFailed(_logger, Endpoint.ToString(), e.SocketErrorCode.ToString());
                if (e.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable)
                {
                    Thread.Sleep(50);
                }

                _limit.Release();
                continue;
            }

            _handoff(client, _rule, _limit.Release);
        }
    }

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Accept on {Endpoint} failed: {Error}")]
    private static partial void LogAcceptFailed(ILogger logger, string endpoint, string error);
}
