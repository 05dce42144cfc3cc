using System.Net;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.L4.Flows;
using Flotilla.Balancer.L4.Hashing;
using Flotilla.Balancer.Namespaces;

namespace Flotilla.Balancer.L4.Pools;

/// <summary>
/// The live state of one rule: its config, its members (in rotation or not), the pool
/// snapshot new flows pick from, and its flow table. Updated in place by a reload, so flows
/// and counters survive it.
/// </summary>
public sealed class RuleRuntime
{
    private readonly object _gate = new();
    private volatile BackendPool _pool = BackendPool.Empty;
    private volatile RuleConfig _config;
    private IReadOnlyList<Member> _members = [];
    private readonly List<Member> _draining = [];
    private long _rejectedFlows;

    public RuleRuntime(string balancer, RuleConfig config, IPEndPoint frontend, long nowMilliseconds)
    {
        Balancer = balancer;
        _config = config;
        Frontend = frontend;
        Flows = new FlowTable(nowMilliseconds);
    }

    public string Balancer { get; }

    public string Name => _config.Name;

    public RuleConfig Config => _config;

    public IPEndPoint Frontend { get; private set; }

    public BackendPool Pool => _pool;

    public FlowTable Flows { get; }

    /// <summary>Members of the current config, healthy or not.</summary>
    public IReadOnlyList<Member> Members => _members;

    /// <summary>Members removed by a reload whose flows are still running.</summary>
    public IReadOnlyList<Member> Draining
    {
        get
        {
            lock (_gate)
            {
                return [.. _draining];
            }
        }
    }

    /// <summary>Flows refused because no member was in rotation or every connect failed.</summary>
    public long RejectedFlows => Volatile.Read(ref _rejectedFlows);

    /// <summary>A new flow's preference list: the rule's tuple hash walked over the current pool.</summary>
    public int Preferences(in FlowKey key, Span<Member?> destination) =>
        _pool.Preferences(FlowKeyHasher.Hash(key, _config.Distribution), destination);

    internal void FlowRejected() => Interlocked.Increment(ref _rejectedFlows);

    /// <summary>
    /// Applies a (re)loaded rule. Members that stay keep their object; new ones are added as
    /// given (their health is set by the caller before <see cref="RebuildPool"/>); removed ones
    /// start draining and leave once their last flow ends. A member is the same only at the same
    /// endpoint in the same namespace: moved to another network, it is a new member.
    /// </summary>
    public IReadOnlyList<Member> Update(RuleConfig config, IPEndPoint frontend, IReadOnlyList<(IPEndPoint Endpoint, int Weight)> members, long nowMilliseconds, NetworkNamespace? network = null)
    {
        lock (_gate)
        {
            var current = _members.Concat(_draining).ToDictionary(m => (m.Namespace, m.Endpoint));
            var next = new List<Member>(members.Count);
            foreach (var (endpoint, weight) in members)
            {
                if (current.Remove((network, endpoint), out var member))
                {
                    member.Weight = weight;
                    member.StopDrain();
                    _draining.Remove(member);
                }
                else
                {
                    member = new Member(endpoint, weight, network);
                }

                next.Add(member);
            }

            foreach (var removed in current.Values.Where(m => !m.Draining))
            {
                removed.StartDrain(nowMilliseconds + (long)config.DrainTimeout.TotalMilliseconds);
                _draining.Add(removed);
            }

            _config = config;
            Frontend = frontend;
            _members = next;
            return next;
        }
    }

    /// <summary>Rebuilds the pool snapshot from the members now healthy.</summary>
    public void RebuildPool()
    {
        lock (_gate)
        {
            _draining.RemoveAll(m => m.ActiveFlows == 0);
            _pool = BackendPool.Build(_members.Where(m => m.Healthy));
        }
    }

    /// <summary>Ends idle flows and flows of members whose drain time ran out.</summary>
    public int Sweep(long nowMilliseconds)
    {
        var config = _config;
        var closed = Flows.Sweep(nowMilliseconds, config.IdleTimeout, config.Protocol == RuleProtocol.Tcp && config.EnableTcpReset);
        lock (_gate)
        {
            _draining.RemoveAll(m => m.ActiveFlows == 0);
        }

        return closed;
    }
}
