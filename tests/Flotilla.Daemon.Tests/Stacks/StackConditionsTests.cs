using Flotilla.Balancer.Contract.Status;
using Flotilla.Core.Stacks;
using Flotilla.Core.Vms;
using Flotilla.Daemon.Balancers;
using Flotilla.Daemon.Stacks.Status;

namespace Flotilla.Daemon.Tests.Stacks;

/// <summary>Each reason a stack's resource gives for not being ready, from the daemon's observations.</summary>
public sealed class StackConditionsTests
{
    private static readonly StackVm Web0 = new()
    {
        Stack = "site", VmName = "web-0", Group = "web", Index = 0, Template = "tiny-web", Nics = [new StackNic("net", "10.0.1.4")],
    };

    private static readonly StackBalancer Lb = new()
    {
        Stack = "site", BalancerName = "lb", Pools = [new StackPool("web", "net", [new StackPoolMember("web-0"), new StackPoolMember("web-1")])],
    };

    private static string Ns(string network) => "flotilla-abc123-" + network;

    private static StatusReport Status(params MemberStatus[] members) =>
        new() { Rules = [new RuleStatus { Balancer = "lb", Name = "http", Members = members }] };

    private static MemberStatus Member(string address, bool up, string health = "up", string? failure = null) =>
        new() { Address = address, InRotation = up, Health = health, LastProbeFailure = failure, Namespace = Ns("net") };

    private static Condition Only(IReadOnlyList<Condition> conditions, string type) => Assert.Single(conditions, c => c.Type == type);

    [Fact]
    public void A_running_vm_in_rotation_is_ready()
    {
        var conditions = StackConditions.ForVm(Web0, new VmStatus { State = VmState.Running }, [Lb], Status(Member("10.0.1.4:80", up: true)), Ns);
        Assert.All(conditions, c => Assert.True(c.Holds, c.Message));
        Assert.Equal(["Running", "InRotation"], conditions.Select(c => c.Type));
    }

    [Fact]
    public void A_crashed_vm_says_it_restarts_with_back_off()
    {
        var running = Only(StackConditions.ForVm(Web0, new VmStatus { State = VmState.Crashed, Message = "killed by signal 9" }, [], null, Ns), "Running");
        Assert.Equal(("False", "Crashed"), (running.Status, running.Reason));
        Assert.Contains("killed by signal 9", running.Message);
        Assert.Contains("restarting", running.Message);
    }

    [Fact]
    public void A_vm_declared_stopped_is_ready_stopped()
    {
        var running = Only(StackConditions.ForVm(Web0 with { Power = PowerState.Stopped }, new VmStatus { State = VmState.Stopped }, [], null, Ns), "Running");
        Assert.True(running.Holds);
    }

    [Fact]
    public void A_member_whose_probe_fails_is_out_of_rotation_with_the_probes_reason()
    {
        var lb = Status(Member("10.0.1.4:80", up: false, health: "down", failure: "connect refused"), Member("10.0.1.5:80", up: true));
        var rotation = Only(StackConditions.ForVm(Web0, new VmStatus { State = VmState.Running }, [Lb], lb, Ns), "InRotation");
        Assert.Equal(("False", "ProbeDown"), (rotation.Status, rotation.Reason));
        Assert.Contains("connect refused", rotation.Message);
        Assert.Contains("rule http", rotation.Message);
    }

    [Fact]
    public void A_member_of_another_namespace_with_the_same_address_is_not_this_vm()
    {
        var other = Member("10.0.1.4:80", up: true) with { Namespace = Ns("other") };
        var rotation = Only(StackConditions.ForVm(Web0, new VmStatus { State = VmState.Running }, [Lb], Status(other), Ns), "InRotation");
        Assert.Equal("NotInConfig", rotation.Reason);
    }

    [Fact]
    public void Draining_and_unknown_status_are_told_apart()
    {
        var draining = Only(StackConditions.ForVm(Web0, new VmStatus { State = VmState.Running }, [Lb], Status(Member("10.0.1.4:80", up: false, health: "draining")), Ns), "InRotation");
        Assert.Equal("Draining", draining.Reason);
        var unknown = Only(StackConditions.ForVm(Web0, new VmStatus { State = VmState.Running }, [Lb], null, Ns), "InRotation");
        Assert.Equal(("Unknown", "LbStatusUnknown"), (unknown.Status, unknown.Reason));
    }

    [Fact]
    public void A_balancer_not_live_says_whether_flotilla_lb_runs()
    {
        var restarting = StackConditions.ForBalancer(new BalancerStatus { Process = "restarting", Message = "exited with 1" }, 7);
        Assert.Equal("LbNotRunning", Only(restarting, "Live").Reason);
        Assert.Contains("exited with 1", Only(restarting, "Live").Message);
        var reloading = StackConditions.ForBalancer(new BalancerStatus { Process = "running", MembersUp = 2, MembersDown = 1 }, 7);
        Assert.Equal("Reloading", Only(reloading, "Live").Reason);
        Assert.Equal("2 of 3 members in rotation", Only(reloading, "Serving").Message);
        Assert.Equal("NoMemberInRotation", Only(StackConditions.ForBalancer(new BalancerStatus { Process = "running", Live = true, MembersDown = 3 }, 7), "Serving").Reason);
    }

    [Fact]
    public void The_stacks_reason_is_its_first_failing_condition_in_build_order()
    {
        var status = StackStatus.Of("site",
        [
            new ResourceStatus("network", "net", StackConditions.ForNetwork("flotilla-abc123-net", present: false)),
            new ResourceStatus("vm", "web-0", [Condition.False("Running", "Starting", "starting")]),
        ]);
        Assert.False(status.Ready);
        Assert.Equal("NamespaceMissing", status.Reason);
        Assert.StartsWith("network net: Present is False: namespace flotilla-abc123-net is missing", status.Message);
        Assert.True(StackStatus.Of("site", [new ResourceStatus("securityGroup", "nsg", [])]).Ready);
    }

    [Fact]
    public void A_restarted_vm_is_in_rotation_only_once_a_probe_has_passed_since_it_started()
    {
        var started = DateTimeOffset.Parse("2026-11-24T04:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var running = new VmStatus { State = VmState.Running, StartedAt = started };
        var stale = Member("10.0.1.4:80", up: true) with { LastProbeSuccess = started.AddSeconds(-1) };
        var pending = Only(StackConditions.ForVm(Web0, running, [Lb], Status(stale), Ns), "InRotation");
        Assert.Equal(("False", "ProbePending"), (pending.Status, pending.Reason));
        var fresh = stale with { LastProbeSuccess = started.AddSeconds(2) };
        Assert.True(Only(StackConditions.ForVm(Web0, running, [Lb], Status(fresh), Ns), "InRotation").Holds);
        var unprobed = Member("10.0.1.4:80", up: true, health: "healthy (no probe)");
        Assert.True(Only(StackConditions.ForVm(Web0, running, [Lb], Status(unprobed), Ns), "InRotation").Holds);
    }

    [Fact]
    public void A_vm_in_a_routers_farm_is_in_rotation_as_the_router_reports_it()
    {
        var router = new StackRouter { Stack = "site", RouterName = "front", Definition = "{}", Farms = [new StackFarm("app", "net", 80, [new StackPoolMember("web-0")])] };
        StatusReport Routed(bool up) => new()
        {
            Routers = [new RouterStatus { Name = "front", Farms = [new FarmStatus { Name = "app", Namespace = Ns("net"),
                Members = [new DestinationStatus { Member = "app-0", Address = "http://10.0.1.4:80/", Active = up ? "healthy" : "unhealthy", Passive = "unknown", InRotation = up }] }] }],
        };

        var running = new VmStatus { State = VmState.Running };
        Assert.True(Only(StackConditions.ForVm(Web0, running, [], Routed(true), Ns, [router]), "InRotation").Holds);
        var down = Only(StackConditions.ForVm(Web0, running, [], Routed(false), Ns, [router]), "InRotation");
        Assert.Equal(("ProbeDown", "http://10.0.1.4:80/ is out of rotation in router front (farm app): active unhealthy, passive unknown"), (down.Reason, down.Message));
        Assert.Equal("NotInConfig", Only(StackConditions.ForVm(Web0, running, [], new StatusReport(), Ns, [router]), "InRotation").Reason);
    }
}
