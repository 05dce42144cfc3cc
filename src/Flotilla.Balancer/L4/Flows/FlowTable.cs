using System.Collections.Concurrent;
using Flotilla.Balancer.L4.Hashing;

namespace Flotilla.Balancer.L4.Flows;

/// <summary>
/// The live flows of one rule, by tuple. It answers "does a flow already pin this tuple?"
/// and ends flows that sat idle past the rule's timeout or outlived their member's drain.
/// Time is a coarse clock (milliseconds) advanced by <see cref="Sweep"/>, so the data path
/// never reads a clock.
/// </summary>
public sealed class FlowTable
{
    private readonly ConcurrentDictionary<FlowKey, Flow> _flows = new();
    private long _now;

    public FlowTable(long nowMilliseconds) => _now = nowMilliseconds;

    public long Now => Volatile.Read(ref _now);

    public int Count => _flows.Count;

    public IEnumerable<Flow> Flows => _flows.Values;

    public bool TryAdd(Flow flow) => _flows.TryAdd(flow.Key, flow);

    public void Remove(Flow flow) => _flows.TryRemove(new KeyValuePair<FlowKey, Flow>(flow.Key, flow));

    public Flow? Find(in FlowKey key) => _flows.TryGetValue(key, out var flow) ? flow : null;

    /// <summary>Advances the clock and closes flows that are idle or past their drain deadline.</summary>
    /// <returns>The number of flows closed.</returns>
    public int Sweep(long nowMilliseconds, TimeSpan idleTimeout, bool resetOnIdle)
    {
        Volatile.Write(ref _now, nowMilliseconds);
        var closed = 0;
        foreach (var flow in _flows.Values)
        {
            var idle = nowMilliseconds - flow.LastActivity >= (long)idleTimeout.TotalMilliseconds;
            var drainDeadline = flow.Member.DrainDeadlineTicks;
            var drained = drainDeadline != 0 && nowMilliseconds >= drainDeadline;
            if (idle || drained)
            {
                Remove(flow);
                flow.Close(reset: drained || resetOnIdle);
                closed++;
            }
        }

        return closed;
    }
}
