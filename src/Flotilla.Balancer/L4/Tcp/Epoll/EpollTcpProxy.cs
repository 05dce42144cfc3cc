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
internal sealed partial class EpollTcpProxy(ILogger logger)
{
    private static EpollLoop[]? s_loops;
    private static int s_next;

    /// <param name="onClosed">Runs once when the connection is over, whatever the path.</param>
    public void Handle(Socket client, RuleRuntime rule, Action onClosed)
    {
        var loops = LazyInitializer.EnsureInitialized(ref s_loops, () => CreateLoops(logger));
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

        var preferences = new Member?[BackendPool.MaxAttempts];
        var count = rule.Preferences(key, preferences);
        var loop = loops[(int)((uint)Interlocked.Increment(ref s_next) % (uint)loops.Length)];
        new EpollConnection(loop, logger, rule, key, preferences, count, fd, header, onClosed).Start();
    }

    private static EpollLoop[] CreateLoops(ILogger logger)
    {
        var loops = new EpollLoop[TcpEngine.Loops];
        for (var i = 0; i < loops.Length; i++)
        {
            loops[i] = new EpollLoop(i, logger);
        }

        return loops;
    }

    [LoggerMessage(EventId = 115, Level = LogLevel.Debug, Message = "Client left before its flow started: {Error}")]
    private static partial void LogClientGone(ILogger logger, string error);
}
