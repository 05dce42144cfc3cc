using System.Net;
using System.Net.Sockets;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.L4.Hashing;
using Flotilla.Balancer.L4.Pools;
using Microsoft.Extensions.Logging;

namespace Flotilla.Balancer.L4.Tcp.Epoll;

/// <summary>
/// The epoll engine's entry, on the accept thread: hash the tuple, take the client's
/// descriptor away from its Socket, start the backend connect and hand the connection to a
/// loop (round-robin over the loops).
/// </summary>
internal sealed partial class EpollTcpProxy(int loopCount, ILogger logger) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private EpollLoop[]? _loops;
    private int _next;
    private bool _disposed;

    /// <param name="onClosed">Runs once when the connection is over, whatever the path.</param>
    public void Handle(Socket client, RuleRuntime rule, Action onClosed)
    {
        var loops = Volatile.Read(ref _loops) ?? CreateLoops();
        int fd;
        FlowKey key;
        byte[]? header;
        try
        {
            client.NoDelay = true;
            var remote = (IPEndPoint)client.RemoteEndPoint!;
            var local = (IPEndPoint)client.LocalEndPoint!;
            key = FlowKey.From(remote, local, RuleProtocol.Tcp);
            header = rule.Config.SendProxyProtocol ? ProxyProtocolV2.Header(remote, local) : null;

            // From here the loop owns the descriptor: the Socket must never close it.
            fd = (int)client.SafeHandle.DangerousGetHandle();
            client.SafeHandle.SetHandleAsInvalid();
            GC.SuppressFinalize(client);
        }
        catch (SocketException e)
        {
            // The client went away between accept and here: nothing to proxy.
            LogClientGone(logger, e.SocketErrorCode.ToString());
            client.Dispose();
            onClosed();
            return;
        }

        var attempts = new BackendAttempts(rule, key, logger);
        var loop = loops[(int)((uint)Interlocked.Increment(ref _next) % (uint)loops.Length)];
        new EpollConnection(loop, logger, attempts, fd, header, onClosed).Start();
    }

    /// <summary>Stops the loops; the runtime has closed (posted the close of) every flow first.</summary>
    public async ValueTask DisposeAsync()
    {
        EpollLoop[]? loops;
        lock (_gate)
        {
            _disposed = true;
            loops = _loops;
        }

        foreach (var loop in loops ?? [])
        {
            await loop.DisposeAsync().ConfigureAwait(false);
        }
    }

    // First use, not construction: a runtime with no TCP frontend runs no loop threads.
    private EpollLoop[] CreateLoops()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_loops is null)
            {
                var loops = new EpollLoop[loopCount];
                for (var i = 0; i < loops.Length; i++)
                {
                    loops[i] = new EpollLoop(i, logger);
                }

                Volatile.Write(ref _loops, loops);
            }

            return _loops;
        }
    }

    [LoggerMessage(EventId = 115, Level = LogLevel.Debug, Message = "Client left before its flow started: {Error}")]
    private static partial void LogClientGone(ILogger logger, string error);
}
