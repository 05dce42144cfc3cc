using Flotilla.Balancer.L4.Hashing;
using Flotilla.Balancer.L4.Pools;

namespace Flotilla.Balancer.L4.Flows;

/// <summary>A live TCP connection or UDP association, pinned to one member for its life.</summary>
public abstract class Flow
{
    private long _lastActivity;

    protected Flow(FlowKey key, Member member, FlowTable table)
    {
        Key = key;
        Member = member;
        Table = table;
        _lastActivity = table.Now;
    }

    public FlowKey Key { get; }

    public Member Member { get; }

    protected FlowTable Table { get; }

    /// <summary>Coarse time of the last byte either way (see <see cref="FlowTable.Now"/>).</summary>
    public long LastActivity => Volatile.Read(ref _lastActivity);

    /// <summary>Called on the hot path: one read and one write, no clock call.</summary>
    public void Touch() => _lastActivity = Table.Now;

    /// <summary>Ends the flow; with <paramref name="reset"/>, TCP sends RST to both sides.</summary>
    public abstract void Close(bool reset);
}
