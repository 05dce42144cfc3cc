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
internal sealed class TcpProxy(ILogger logger)
{
    public async Task HandleAsync(Socket client, RuleRuntime rule)
    {
        BackendAttempts? attempts = null;
        Socket? backend = null;
        TcpFlow? flow = null;
        try
        {
            client.NoDelay = true;
            var key = FlowKey.From((IPEndPoint)client.RemoteEndPoint!, (IPEndPoint)client.LocalEndPoint!, RuleProtocol.Tcp);
            attempts = new BackendAttempts(rule, key, logger);
            while (backend is null && attempts.TryNext())
            {
                backend = await ConnectAsync(attempts).ConfigureAwait(false);
            }

            if (backend is null)
            {
                attempts.Reject();
                Reset(client);
                return;
            }

            flow = new TcpFlow(key, attempts.Member!, rule.Flows, client, backend);
            attempts.Opened(flow);
            if (rule.Config.SendProxyProtocol)
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
                attempts!.Closed(flow);
            }
        }
    }

    /// <summary>Connects to the member being tried; null when it failed (counted), to try the next.</summary>
    private static async Task<Socket?> ConnectAsync(BackendAttempts attempts)
    {
        var member = attempts.Member!;
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
            attempts.Failed(e.Message);
            return null;
        }

        socket.NoDelay = true;
        using var timeout = new CancellationTokenSource(attempts.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(member.Endpoint, timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            attempts.Failed(e.Message);
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
}
