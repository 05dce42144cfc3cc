using System.Net;
using System.Net.Sockets;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.L4.Hashing;
using Flotilla.Balancer.L4.Pools;
using Flotilla.Balancer.Namespaces;
using Microsoft.Extensions.Logging;

namespace Flotilla.Balancer.L4.Tcp;

/// <summary>
/// Takes one accepted client connection through its life: hash the tuple, walk the
/// preference list until a backend connect succeeds, then run the flow.
/// </summary>
internal sealed partial class TcpProxy(ILogger logger)
{
    public async Task HandleAsync(Socket client, RuleRuntime rule)
    {
        Member? member = null;
        Socket? backend = null;
        TcpFlow? flow = null;
        try
        {
            client.NoDelay = true;
            var key = FlowKey.From((IPEndPoint)client.RemoteEndPoint!, (IPEndPoint)client.LocalEndPoint!, RuleProtocol.Tcp);
            var config = rule.Config;
            var preferences = new Member?[BackendPool.MaxAttempts];
            var count = rule.Preferences(key, preferences);
            for (var i = 0; i < count && backend is null; i++)
            {
                member = preferences[i]!;
                backend = await ConnectAsync(member, config).ConfigureAwait(false);
            }

            if (backend is null)
            {
                // Nobody to take the flow: refuse at once rather than let the client hang.
                rule.FlowRejected();
                LogRejected(logger, rule.Balancer, rule.Name, key.ToString(), count);
                Reset(client);
                return;
            }

            flow = new TcpFlow(key, member!, rule.Flows, client, backend);
            member!.FlowOpened();
            rule.Flows.TryAdd(flow);
            if (config.SendProxyProtocol)
            {
                await backend.SendAsync(ProxyProtocolV2.Header((IPEndPoint)client.RemoteEndPoint!, (IPEndPoint)client.LocalEndPoint!), SocketFlags.None).ConfigureAwait(false);
            }

            await flow.RunAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            flow?.Close(reset: true);
            if (flow is null)
            {
                Reset(client);
                backend?.Dispose();
            }
        }
        finally
        {
            if (flow is not null)
            {
                rule.Flows.Remove(flow);
                flow.Member.FlowClosed();
            }
        }
    }

    private async Task<Socket?> ConnectAsync(Member member, RuleConfig config)
    {
        // Created outside the try: running out of descriptors here is our failure, not the
        // member's, so it must not count as a connect failure nor try the next member. A member
        // inside a namespace gets its socket made there; the connect runs here as for any other.
        Socket socket;
        try
        {
            socket = NetworkNamespace.CreateSocket(member.Namespace, member.Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.NetworkDown)
        {
            // The member's network was dropped by a reload while this flow was starting.
            member.ConnectFailed();
            LogConnectFailed(logger, member.Key, e.Message);
            return null;
        }

        socket.NoDelay = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(config.ConnectTimeoutSeconds));
        try
        {
            await socket.ConnectAsync(member.Endpoint, timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            member.ConnectFailed();
            LogConnectFailed(logger, member.Key, e.Message);
            socket.Dispose();
            return null;
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }

        socket.Dispose();
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Connect to member {Member} failed: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string member, string reason);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Rule {Balancer}/{Rule} refused {Flow}: no member in rotation took it ({Tried} tried)")]
    private static partial void LogRejected(ILogger logger, string balancer, string rule, string flow, int tried);
}
