using System.Net;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.L4.Hashing;
using Flotilla.Balancer.L4.Pools;

namespace Flotilla.Balancer.L4.Explain;

/// <summary>Runs a tuple through a rule's hashing exactly as the data path does, and says what happened.</summary>
public static class FlowExplainer
{
    public static FlowExplanation Explain(RuleRuntime rule, IPEndPoint source, IPEndPoint frontend, Func<Member, string> health)
    {
        var config = rule.Config;
        var key = FlowKey.From(source, frontend, config.Protocol);
        var hash = FlowKeyHasher.Hash(key, config.Distribution);
        var pool = rule.Pool;
        var member = pool.Pick(hash);
        var pinned = rule.Flows.Find(key);
        return new FlowExplanation
        {
            Rule = $"{rule.Balancer}/{rule.Name}",
            Tuple = key.ToString(),
            Distribution = config.Distribution.ToString(),
            HashedFields = config.Distribution switch
            {
                Distribution.SourceIP => "src-ip, dst-ip",
                Distribution.SourceIPProtocol => "src-ip, dst-ip, protocol",
                _ => "src-ip, dst-ip, protocol, src-port, dst-port",
            },
            Hash = $"0x{hash:x16}",
            Slot = pool.Table.Size > 0 && !pool.IsEmpty ? pool.Table.SlotOf(hash) : (int)(hash % MaglevTable.DefaultSize),
            TableSize = pool.IsEmpty ? MaglevTable.DefaultSize : pool.Table.Size,
            Member = member?.Key,
            MemberHealth = member is null ? "none" : health(member),
            PinnedTo = pinned?.Member.Key,
            MembersInRotation = pool.Members.Count,
        };
    }
}
