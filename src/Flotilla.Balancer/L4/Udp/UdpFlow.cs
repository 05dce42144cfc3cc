using System.Net;
using System.Net.Sockets;
using Flotilla.Balancer.L4.Flows;
using Flotilla.Balancer.L4.Hashing;
using Flotilla.Balancer.L4.Pools;
using Flotilla.Balancer.Namespaces;

namespace Flotilla.Balancer.L4.Udp;

/// <summary>
/// A UDP association: a client endpoint and a connected socket to its member. Datagrams from
/// the member go back to the client from the frontend socket, so the client sees replies
/// from the address it sent to.
/// </summary>
internal sealed class UdpFlow : Flow
{
    private readonly Socket _backend;
    private readonly Socket _frontend;
    private readonly IPEndPoint _client;
    private int _closed;

    public UdpFlow(FlowKey key, Member member, FlowTable table, Socket frontend, IPEndPoint client)
        : base(key, member, table)
    {
        _frontend = frontend;
        _client = client;
        _backend = NetworkNamespace.CreateSocket(member.Namespace, member.Endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _backend.Connect(member.Endpoint);
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> datagram)
    {
        Touch();
        Member.AddBytesIn(datagram.Length);
        await _backend.SendAsync(datagram, SocketFlags.None).ConfigureAwait(false);
    }

    /// <summary>Relays the member's replies to the client until the flow closes.</summary>
    public async Task RelayRepliesAsync()
    {
        var buffer = new byte[65535];
        try
        {
            while (true)
            {
                var n = await _backend.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                Touch();
                Member.AddBytesOut(n);
                await _frontend.SendToAsync(buffer.AsMemory(0, n), SocketFlags.None, _client).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Closed by the sweep, or the member answered with ICMP unreachable.
            Close(reset: false);
        }
        finally
        {
            Table.Remove(this);
        }
    }

    public override void Close(bool reset)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _backend.Dispose();
            Member.FlowClosed();
        }
    }
}
