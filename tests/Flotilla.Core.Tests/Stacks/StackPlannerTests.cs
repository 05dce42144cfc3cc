using Flotilla.Core.Stacks;

namespace Flotilla.Core.Tests.Stacks;

public sealed class StackPlannerTests
{
    private static readonly DesiredStack Website = StackYaml.Expand(StackYaml.Website);

    /// <summary>What the daemon reports after applying <paramref name="desired"/>: addresses and sizes filled in as the VMs hold them.</summary>
    private static ActualState Applied(DesiredStack desired) => new()
    {
        SecurityGroups = desired.SecurityGroups,
        Networks = desired.Networks,
        Vms = [.. desired.Vms.Select(vm => vm with
        {
            Cpus = vm.Cpus ?? 1,
            MemoryMiB = vm.MemoryMiB ?? 128,
            Nics = [.. vm.Nics.Select(n => n with { Address = n.Address ?? $"10.0.1.{4 + vm.Index}" })],
        })],
        Balancers = desired.Balancers,
    };

    private static string Text(StackPlan plan) => plan.ToText();

    [Fact]
    public void An_empty_host_gets_everything_in_dependency_order()
    {
        var plan = StackPlanner.Plan(Website, ActualState.Empty);

        Assert.Equal("""
            + securityGroup web-nsg
            + network web
            + vm web-0
            + vm web-1
            + vm web-2
            + loadBalancer web

            Plan: 6 to add, 0 to change, 0 to destroy.
            """, Text(plan));
        Assert.All(plan.Steps, s => Assert.Same(s.Resource, Website.Resources.Single(r => r.Kind == s.Kind && r.Name == s.Name)));
    }

    [Fact]
    public void A_second_apply_says_exactly_no_changes()
    {
        var plan = StackPlanner.Plan(StackYaml.Expand(StackYaml.Website), Applied(Website));

        Assert.True(plan.IsEmpty);
        Assert.Equal("No changes.", Text(plan));
    }

    [Fact]
    public void A_balancer_flotilla_lb_does_not_serve_is_put_again_though_its_spec_is_unchanged()
    {
        var actual = Applied(Website) with { NotLive = new Dictionary<string, string> { ["web"] = "tcp 127.0.0.1:80: address already in use" } };
        var plan = StackPlanner.Plan(Website, actual);
        var step = Assert.Single(plan.Steps);
        Assert.Equal((StepAction.Update, ResourceKind.LoadBalancer, "web"), (step.Action, step.Kind, step.Name));
        Assert.Contains("not live in flotilla-lb (tcp 127.0.0.1:80: address already in use): put again", Text(plan));
        Assert.Equal("No changes.", Text(StackPlanner.Plan(Website, Applied(Website))));
    }

    [Fact]
    public void Scaling_3_to_4_adds_one_vm_then_puts_it_in_the_pool()
    {
        var plan = StackPlanner.Plan(StackYaml.Expand(StackYaml.WebsiteWithCount(4)), Applied(Website));

        Assert.Equal("""
            + vm web-3
            ~ loadBalancer web (pool web: +web-3)

            Plan: 1 to add, 1 to change, 0 to destroy.
            """, Text(plan));
        var balancer = Assert.IsType<StackBalancer>(plan.Steps[1].Resource);
        Assert.Equal(["web-0", "web-1", "web-2", "web-3"], balancer.MemberVms);
    }

    [Fact]
    public void Scaling_4_to_3_drains_the_last_vm_before_deleting_it()
    {
        var four = StackYaml.Expand(StackYaml.WebsiteWithCount(4));

        var plan = StackPlanner.Plan(Website, Applied(four));

        Assert.Equal("""
            ~ loadBalancer web (drain web-3 from pool web)
            - vm web-3

            Plan: 0 to add, 1 to change, 1 to destroy.
            """, Text(plan));
        var drain = plan.Steps[0];
        Assert.Equal(StepAction.Drain, drain.Action);
        Assert.Equal(["web-3"], drain.Drains);
        Assert.Equal(["web-0", "web-1", "web-2"], Assert.IsType<StackBalancer>(drain.Resource).MemberVms);
    }

    [Fact]
    public void Changed_user_data_re_creates_the_vms_out_of_the_pool_and_puts_them_back()
    {
        var changed = StackYaml.Expand(StackYaml.Website.Replace("Hello from VM", "Hi from VM", StringComparison.Ordinal));

        var plan = StackPlanner.Plan(changed, Applied(Website));

        Assert.Equal("""
            ~ loadBalancer web (drain web-0, web-1, web-2 from pool web)
            - vm web-0 (re-create: userData changed)
            - vm web-1 (re-create: userData changed)
            - vm web-2 (re-create: userData changed)
            + vm web-0 (re-create)
            + vm web-1 (re-create)
            + vm web-2 (re-create)
            ~ loadBalancer web (pool web: +web-0, +web-1, +web-2)

            Plan: 3 to add, 1 to change, 3 to destroy.
            """, Text(plan));
        Assert.All(plan.Steps.Where(s => s.Kind == ResourceKind.Vm), s => Assert.True(s.Replacement));
    }

    [Fact]
    public void More_cpus_restart_the_vm_in_place_after_draining_it()
    {
        var bigger = StackYaml.Expand(StackYaml.Website.Replace("memory: 128", "memory: 128\n    cpus: 2", StringComparison.Ordinal));
        var actual = Applied(Website) with { Vms = [.. Applied(Website).Vms.Select(v => v.Name == "web-1" ? v : v with { Cpus = 2 })] };

        var plan = StackPlanner.Plan(bigger, actual);

        Assert.Equal("""
            ~ loadBalancer web (drain web-1 from pool web)
            ~ vm web-1 (cpus: 1 -> 2; restart)
            ~ loadBalancer web (pool web: +web-1)

            Plan: 0 to add, 2 to change, 0 to destroy.
            """, Text(plan));
        Assert.True(plan.Steps[1].Restart);
    }

    [Fact]
    public void Security_rules_and_a_nics_group_change_in_place_without_a_drain()
    {
        var changed = StackYaml.Expand(StackYaml.Website
            .Replace("destinationPortRange: 22", "destinationPortRange: 2222", StringComparison.Ordinal)
            .Replace("networks: [web]", "networks: [{ network: web, securityGroup: web-nsg }]", StringComparison.Ordinal));

        var plan = StackPlanner.Plan(changed, Applied(Website));

        Assert.Equal("""
            ~ securityGroup web-nsg (~rule allow-ssh)
            ~ vm web-0 (securityGroup on web: none -> web-nsg)
            ~ vm web-1 (securityGroup on web: none -> web-nsg)
            ~ vm web-2 (securityGroup on web: none -> web-nsg)

            Plan: 0 to add, 4 to change, 0 to destroy.
            """, Text(plan));
    }

    [Fact]
    public void A_new_cidr_re_creates_the_network_after_its_vms_are_gone_and_before_they_come_back()
    {
        var moved = StackYaml.Expand(StackYaml.Website.Replace("10.0.1.0/24", "10.0.2.0/24", StringComparison.Ordinal));

        var plan = StackPlanner.Plan(moved, Applied(Website));

        Assert.Equal("""
            ~ loadBalancer web (drain web-0, web-1, web-2 from pool web)
            - vm web-0 (re-create: network web is re-created)
            - vm web-1 (re-create: network web is re-created)
            - vm web-2 (re-create: network web is re-created)
            - network web (re-create: cidr: 10.0.1.0/24 -> 10.0.2.0/24)
            + network web (re-create)
            + vm web-0 (re-create)
            + vm web-1 (re-create)
            + vm web-2 (re-create)
            ~ loadBalancer web (pool web: +web-0, +web-1, +web-2)

            Plan: 4 to add, 1 to change, 4 to destroy.
            """, Text(plan));
    }

    [Fact]
    public void Destroy_removes_in_reverse_order_and_only_what_the_stack_owns()
    {
        var other = StackYaml.Expand(StackYaml.Website.Replace("name: website", "name: other", StringComparison.Ordinal)
            .Replace("web", "shop", StringComparison.Ordinal));
        var actual = Applied(Website) with
        {
            Vms = [.. Applied(Website).Vms, .. other.Vms],
            Networks = [.. Website.Networks, .. other.Networks],
            Others = [new ResourceRef(ResourceKind.Vm, "db"), new ResourceRef(ResourceKind.Network, "lan")],
        };

        var plan = StackPlanner.PlanDestroy("website", actual);

        Assert.Equal("""
            - loadBalancer web
            - vm web-0
            - vm web-1
            - vm web-2
            - network web
            - securityGroup web-nsg

            Plan: 0 to add, 0 to change, 6 to destroy.
            """, Text(plan));
        Assert.All(plan.Steps, s => Assert.Equal("website", s.Resource.Stack));
    }

    [Fact]
    public void Destroying_what_is_already_gone_says_no_changes() =>
        Assert.Equal("No changes.", Text(StackPlanner.PlanDestroy("website", ActualState.Empty)));

    [Fact]
    public void A_name_held_by_something_the_stack_does_not_own_is_refused_not_taken_over()
    {
        var actual = new ActualState
        {
            Vms = [Website.Vms[1] with { Stack = "other" }],
            Others = [new ResourceRef(ResourceKind.Network, "web")],
        };

        var error = Assert.Throws<StackConflictException>(() => StackPlanner.Plan(Website, actual));

        Assert.Equal(
            "stack 'website': 2 names are taken: network 'web' already exists and belongs to no stack; " +
            "vm 'web-1' already exists and belongs to stack 'other': rename them in the stack file or remove them", error.Message);
    }

    [Fact]
    public void A_vm_taken_out_of_a_pool_but_kept_is_only_drained()
    {
        var fewer = StackYaml.Expand(StackYaml.Website.Replace("members: [\"web[*]\"]", "members: [web-0, web-1]", StringComparison.Ordinal));

        var plan = StackPlanner.Plan(fewer, Applied(Website));

        Assert.Equal("""
            ~ loadBalancer web (drain web-2 from pool web)

            Plan: 0 to add, 1 to change, 0 to destroy.
            """, Text(plan));
    }

    [Fact]
    public void A_desired_address_must_match_while_a_free_one_accepts_any()
    {
        var pinned = StackYaml.Expand(StackYaml.Website.Replace("networks: [web]", "networks: [{ network: web, address: 10.0.1.5 }]", StringComparison.Ordinal));

        var plan = StackPlanner.Plan(pinned, Applied(Website));

        // A pinned address is the first instance's; the others follow it, so each VM here moves up by one.
        Assert.Equal(
            ["- vm web-0 (re-create: address on web: 10.0.1.4 -> 10.0.1.5)", "- vm web-1 (re-create: address on web: 10.0.1.5 -> 10.0.1.6)", "- vm web-2 (re-create: address on web: 10.0.1.6 -> 10.0.1.7)"],
            plan.Steps.Where(s => s.Action == StepAction.Delete).Select(s => s.ToString()));
    }
}
