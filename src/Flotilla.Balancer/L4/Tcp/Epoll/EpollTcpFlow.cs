using Flotilla.Balancer.L4.Flows;
using Flotilla.Balancer.L4.Hashing;
using Flotilla.Balancer.L4.Pools;

namespace Flotilla.Balancer.L4.Tcp.Epoll;

/// <summary>The flow-table face of an <see cref="EpollConnection"/> once its backend connected.</summary>
internal sealed class EpollTcpFlow(FlowKey key, Member member, FlowTable table, EpollConnection connection)
    : Flow(key, member, table)
{
    /// <summary>Called from the sweep thread: the close runs on the connection's loop thread.</summary>
    public override void Close(bool reset) => connection.RequestClose(reset);
}
