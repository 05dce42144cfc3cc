using System.Net;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.L4.Explain;
using Flotilla.Balancer.L4.Flows;
using Flotilla.Balancer.L4.Hashing;
using Flotilla.Balancer.L4.Pools;

namespace Flotilla.Balancer.Tests.L4.Explain;

public sealed class FlowExplainerTests
{
    private static readonly IPEndPoint Frontend = new(IPAddress.Loopback, 8080);

    private static RuleRuntime Rule(Distribution distribution)
    {
        var config = new RuleConfig { Name = "http", FrontendPort = 8080, BackendPort = 80, BackendPool = "vms", Distribution = distribution };
        var rule = new RuleRuntime("web", config, Frontend, 0);
        foreach (var member in rule.Update(config, Frontend, [(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 80), 1), (new IPEndPoint(IPAddress.Parse("10.0.0.2"), 80), 1)], 0))
        {
            member.Healthy = true;
        }

        rule.RebuildPool();
        return rule;
    }

    [Fact]
    public void It_names_the_member_the_data_path_would_pick_and_the_fields_hashed()
    {
        var rule = Rule(Distribution.SourceIP);
        var source = new IPEndPoint(IPAddress.Parse("192.0.2.7"), 51234);
        var explanation = FlowExplainer.Explain(rule, source, Frontend, _ => "healthy");

        var hash = FlowKeyHasher.Hash(FlowKey.From(source, Frontend, RuleProtocol.Tcp), Distribution.SourceIP);
        Assert.Equal(rule.Pool.Pick(hash)!.Key, explanation.Member);
        Assert.Equal("src-ip, dst-ip", explanation.HashedFields);
        Assert.Equal(rule.Pool.Table.SlotOf(hash), explanation.Slot);
        Assert.Null(explanation.PinnedTo);
        Assert.EndsWith($"-> {explanation.Member} (healthy); no live flow pins it", explanation.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_live_flow_with_the_tuple_is_reported_as_pinning_it()
    {
        var rule = Rule(Distribution.Default);
        var source = new IPEndPoint(IPAddress.Parse("192.0.2.7"), 51234);
        var pinnedTo = rule.Members[1];
        rule.Flows.TryAdd(new StubFlow(FlowKey.From(source, Frontend, RuleProtocol.Tcp), pinnedTo, rule.Flows));

        var explanation = FlowExplainer.Explain(rule, source, Frontend, _ => "healthy");
        Assert.Equal(pinnedTo.Key, explanation.PinnedTo);
        Assert.EndsWith($"a live flow pins it to {pinnedTo.Key}", explanation.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void With_no_member_in_rotation_it_says_the_connection_is_refused()
    {
        var rule = Rule(Distribution.Default);
        rule.Members[0].Healthy = false;
        rule.Members[1].Healthy = false;
        rule.RebuildPool();
        var explanation = FlowExplainer.Explain(rule, new IPEndPoint(IPAddress.Loopback, 1), Frontend, _ => "unhealthy");
        Assert.Null(explanation.Member);
        Assert.Contains("no member in rotation: the connection is refused", explanation.Summary, StringComparison.Ordinal);
    }

    private sealed class StubFlow(FlowKey key, Member member, FlowTable table) : Flow(key, member, table)
    {
        public override void Close(bool reset)
        {
        }
    }
}
