using Flotilla.Balancer.Contract.Status;
using Flotilla.Daemon.Balancers;
using Flotilla.Daemon.Balancers.Frontends;
using Flotilla.Daemon.Stacks.Status;

namespace Flotilla.Daemon.Tests.Balancers;

/// <summary>A balancer whose frontend cannot bind is not live, whichever way flotilla-lb says so, and its stack says PortInUse.</summary>
public sealed class BalancerLivenessTests
{
    private static readonly BalancerSpec Web = new()
    {
        Name = "web", FrontendAddress = "127.0.0.1", Rules = [new BalancerRuleSpec { Name = "http", Protocol = "tcp", FrontendPort = 8090, BackendPort = 80 }],
    };

    private static LbState Live(long revision) => new("running", 42, null, new Dictionary<string, long> { ["web"] = revision });

    [Fact]
    public void A_live_revision_with_every_listener_bound_is_live()
    {
        var status = new StatusReport { Listeners = [new ListenerStatus { Frontend = "tcp 127.0.0.1:8090", Balancer = "web", Rule = "http", Live = true }] };
        Assert.True(BalancerLiveness.Of(Web, 7, Live(7), status).Live);
        Assert.True(BalancerLiveness.Of(Web, 7, Live(7), new StatusReport()).Live); // an older flotilla-lb reports no listeners
    }

    [Fact]
    public void A_listener_that_cannot_bind_makes_it_not_live_with_the_bind_error_and_the_stack_says_PortInUse()
    {
        var status = new StatusReport
        {
            Listeners = [new ListenerStatus { Frontend = "tcp 127.0.0.1:8090", Balancer = "web", Rule = "http", Live = false, Error = "address already in use", Retries = 3 }],
        };
        var verdict = BalancerLiveness.Of(Web, 7, Live(7), status);
        Assert.False(verdict.Live);
        Assert.Equal("tcp 127.0.0.1:8090: address already in use (3 retries)", verdict.BindError);
        var live = Assert.Single(StackConditions.ForBalancer(new BalancerStatus { Process = "running", Live = false, BindError = verdict.BindError }, 7), c => c.Type == "Live");
        Assert.Equal("PortInUse", live.Reason);
        Assert.Contains("address already in use", live.Message);
    }

    [Fact]
    public void A_rule_that_reports_a_bind_error_makes_it_not_live()
    {
        var status = new StatusReport { Rules = [new RuleStatus { Balancer = "web", Name = "http", Frontend = "tcp 127.0.0.1:8090", Live = false, BindError = "address already in use" }] };
        Assert.Equal("tcp 127.0.0.1:8090: address already in use", BalancerLiveness.Of(Web, 7, Live(7), status).BindError);
    }

    [Fact]
    public void A_rejected_reload_naming_its_frontend_is_a_bind_error_only_for_the_rejected_revision()
    {
        var rejected = new LbState("running", 42, "reload not live: cannot listen on tcp 127.0.0.1:8090: address already in use", new Dictionary<string, long>())
        {
            Rejected = new Dictionary<string, long> { ["web"] = 7, ["other"] = 3 },
        };
        Assert.Equal("tcp 127.0.0.1:8090: address already in use", BalancerLiveness.Of(Web, 7, rejected, null).BindError);
        // Put again (a re-apply): the old rejection is not this revision's, so no fail-fast on a stale message.
        Assert.Null(BalancerLiveness.Of(Web, 8, rejected, null).BindError);
        // Rejected beside it: not the one in the way.
        var other = Web with { Name = "other", Rules = [new BalancerRuleSpec { Name = "http", Protocol = "tcp", FrontendPort = 8091, BackendPort = 80 }] };
        var verdict = BalancerLiveness.Of(other, 3, rejected, null);
        Assert.False(verdict.Live);
        Assert.Null(verdict.BindError);
    }

    [Fact]
    public void A_listener_not_yet_bound_without_an_error_is_a_reload_in_progress_not_a_bind_error()
    {
        // Seen in CI: a /status read while flotilla-lb swapped a reload in showed the new rule not live, with no error;
        // the apply failed fast with "not bound" although nothing held the port.
        var status = new StatusReport
        {
            Rules = [new RuleStatus { Balancer = "web", Name = "http", Frontend = "127.0.0.1:8090", Live = false }],
            Listeners = [new ListenerStatus { Frontend = "tcp 127.0.0.1:8090", Balancer = "web", Rule = "http", Live = false }],
        };
        var verdict = BalancerLiveness.Of(Web, 7, Live(7), status);
        Assert.Null(verdict.BindError);
        Assert.True(verdict.Live);
    }
}
