using Flotilla.Balancer.Contract.Status;
using Flotilla.Daemon.Balancers;

namespace Flotilla.Daemon.Tests.Balancers;

/// <summary>
/// Issue 15 §4: a drain slept a fixed 2 s; it waits for what flotilla-lb reports instead — its draining members'
/// flows on the drained VMs' addresses.
/// </summary>
public sealed class BalancerDrainTests
{
    private static StatusReport Status(params (string Balancer, string Address, string Health, long Flows)[] members) => new()
    {
        Rules = [.. members.GroupBy(m => m.Balancer).Select(g => new RuleStatus
        {
            Balancer = g.Key, Name = "http",
            Members = [.. g.Select(m => new MemberStatus { Address = m.Address, Health = m.Health, ActiveFlows = m.Flows })],
        })],
    };

    [Fact]
    public void The_drained_vms_flows_are_pending_until_flotilla_lb_drops_them() =>
        Assert.Equal(3, BalancerDrain.PendingFlows(Status(("web", "10.0.0.6:80", "draining", 3), ("web", "10.0.0.4:80", "up", 7)), "web", ["10.0.0.6"]));

    [Fact]
    public void A_drained_member_gone_from_the_status_is_drained() =>
        Assert.Equal(0, BalancerDrain.PendingFlows(Status(("web", "10.0.0.4:80", "up", 7)), "web", ["10.0.0.6"]));

    [Fact]
    public void Another_balancers_or_another_addresses_draining_flows_do_not_count() =>
        Assert.Equal(0, BalancerDrain.PendingFlows(Status(("api", "10.0.0.6:80", "draining", 2), ("web", "10.0.0.60:80", "draining", 4)), "web", ["10.0.0.6"]));

    [Fact]
    public void No_status_yet_is_not_drained() => Assert.Equal(-1, BalancerDrain.PendingFlows(null, "web", ["10.0.0.6"]));
}
