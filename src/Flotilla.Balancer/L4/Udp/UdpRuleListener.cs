using System.Net;
using System.Net.Sockets;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.L4.Hashing;
using Flotilla.Balancer.L4.Pools;
using Microsoft.Extensions.Logging;

namespace Flotilla.Balancer.L4.Udp;

/// <summary>
/// A UDP frontend: datagrams are grouped into flows by 5-tuple; a new flow picks a member by
/// its rule's hash and keeps it until the idle timeout ends the flow.
/// </summary>
internal sealed partial class UdpRuleListener : IFrontendListener
{
    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private volatile RuleRuntime _rule;

    private UdpRuleListener(Socket socket, RuleRuntime rule, ILogger logger)
    {
        _socket = socket;
        _rule = rule;
        _logger = logger;
    }

    public IPEndPoint Endpoint => (IPEndPoint)_socket.LocalEndPoint!;

    public RuleRuntime Rule
    {
        get => _rule;
        set => _rule = value;
    }

    public static UdpRuleListener Bind(IPEndPoint endpoint, RuleRuntime rule, ILogger logger)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(endpoint);
            return new UdpRuleListener(socket, rule, logger);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Start() => _loop = ReceiveLoopAsync(_stop.Token);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[65535];
        var any = new IPEndPoint(Endpoint.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                LogReceiveFailed(_logger, Endpoint.ToString(), e.SocketErrorCode.ToString());
                continue;
            }

            var client = (IPEndPoint)received.RemoteEndPoint;
            try
            {
                var flow = FlowFor(client);
                if (flow is not null)
                {
                    await flow.SendAsync(buffer.AsMemory(0, received.ReceivedBytes)).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                LogForwardFailed(_logger, client.ToString(), e.Message);
            }
        }
    }

    private UdpFlow? FlowFor(IPEndPoint client)
    {
        var rule = _rule;
        var key = FlowKey.From(client, Endpoint, RuleProtocol.Udp);
        if (rule.Flows.Find(key) is UdpFlow existing)
        {
            return existing;
        }

        if (rule.Pool.Pick(FlowKeyHasher.Hash(key, rule.Config.Distribution)) is not { } member)
        {
            rule.FlowRejected();
            return null;
        }

        var flow = new UdpFlow(key, member, rule.Flows, _socket, client);
        member.FlowOpened();
        rule.Flows.TryAdd(flow);
        _ = flow.RelayRepliesAsync();
        return flow;
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Receive on UDP {Endpoint} failed: {Error}")]
    private static partial void LogReceiveFailed(ILogger logger, string endpoint, string error);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Forwarding a datagram from {Client} failed: {Reason}")]
    private static partial void LogForwardFailed(ILogger logger, string client, string reason);
}
