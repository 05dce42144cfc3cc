namespace Flotilla.Core.Stacks;

/// <summary>
/// Compares a stack's desired resources with the ones it owns and orders the steps that close the gap, by
/// dependency (a step only needs what earlier steps made, and removes nothing a later one or a live flow needs):
/// <list type="number">
/// <item>security groups created or changed;</item>
/// <item>networks created or changed in place;</item>
/// <item>balancers and routers deleted, and drained of every VM about to go away, be re-created or restart;</item>
/// <item>VMs deleted (also the old half of a re-create);</item>
/// <item>networks deleted (also the old half of a re-create), then re-created ones made again;</item>
/// <item>VMs created (also the new half of a re-create) or changed;</item>
/// <item>balancers and routers created or given their final pools (farms), rules and probes;</item>
/// <item>security groups deleted.</item>
/// </list>
/// So a VM leaves its balancer before it stops, and joins it after it is made; destroy runs the list backwards from
/// the balancers. Resources not tagged with the stack's name are never in a step.
/// </summary>
public static class StackPlanner
{
    /// <exception cref="StackConflictException">A desired resource's name is held by something the stack does not own.</exception>
    public static StackPlan Plan(DesiredStack desired, ActualState actual)
    {
        var stack = desired.Name;
        CheckConflicts(desired, actual);
        var plan = new PlanPhases();
        var groups = Owned(actual.SecurityGroups, stack);
        var networks = Owned(actual.Networks, stack);
        var vms = Owned(actual.Vms, stack);
        var balancers = Owned(actual.Balancers, stack);
        var routers = Owned(actual.Routers, stack);

        foreach (var group in desired.SecurityGroups)
        {
            if (!groups.TryGetValue(group.Name, out var old)) plan.CreateGroups.Add(Create(group));
            else if (ResourceDiff.Rules(old.Group, group.Group) is { Count: > 0 } changes) plan.CreateGroups.Add(Update(old, group, changes));
        }

        var replacedNetworks = new HashSet<string>(StringComparer.Ordinal);
        foreach (var network in desired.Networks)
        {
            if (!networks.TryGetValue(network.Name, out var old))
            {
                plan.CreateNetworks.Add(Create(network));
                continue;
            }

            var (replace, inPlace) = ResourceDiff.Network(old, network);
            if (replace.Count > 0)
            {
                replacedNetworks.Add(network.Name);
                plan.DeleteNetworks.Add(Delete(old, replace, replacement: true));
                plan.RecreateNetworks.Add(Create(network, replace, replacement: true));
            }
            else if (inPlace.Count > 0)
            {
                plan.CreateNetworks.Add(Update(old, network, inPlace));
            }
        }

        // VMs that leave service during the apply: deleted, re-created, or restarted. Their balancers drain them first.
        var leaving = new HashSet<string>(StringComparer.Ordinal);
        foreach (var vm in desired.Vms)
        {
            if (!vms.TryGetValue(vm.Name, out var old))
            {
                plan.CreateVms.Add(Create(vm));
                continue;
            }

            var (replace, restart, live) = ResourceDiff.Vm(old, vm, replacedNetworks);
            if (replace.Count > 0)
            {
                leaving.Add(vm.Name);
                plan.DeleteVms.Add(Delete(old, replace, replacement: true));
                plan.CreateVms.Add(Create(vm, replace, replacement: true));
            }
            else if (restart.Count > 0 || live.Count > 0)
            {
                if (restart.Count > 0) leaving.Add(vm.Name);
                plan.CreateVms.Add(Update(old, vm, [.. restart, .. live]) with { Restart = restart.Count > 0 });
            }
        }

        foreach (var old in Sorted(vms.Values.Where(v => desired.Vms.All(d => d.Name != v.Name))))
        {
            leaving.Add(old.Name);
            plan.DeleteVms.Add(Delete(old));
        }

        PlanBalancers(desired, balancers, leaving, actual.NotLive, plan);
        PlanRouters(desired, routers, leaving, actual.NotLive, plan);
        plan.DeleteNetworks.AddRange(Sorted(networks.Values.Where(n => desired.Networks.All(d => d.Name != n.Name))).Select(n => Delete(n)));
        plan.DeleteGroups.AddRange(Sorted(groups.Values.Where(g => desired.SecurityGroups.All(d => d.Name != g.Name))).Select(g => Delete(g)));
        return new StackPlan(stack, plan.InOrder());
    }

    /// <summary>The plan that removes everything the stack owns, and nothing else.</summary>
    public static StackPlan PlanDestroy(string stack, ActualState actual) => Plan(DesiredStack.Empty(stack), actual);

    private static void PlanBalancers(DesiredStack desired, Dictionary<string, StackBalancer> balancers, HashSet<string> leaving, IReadOnlyDictionary<string, string> notLive, PlanPhases plan)
    {
        plan.DrainBalancers.AddRange(Sorted(balancers.Values.Where(b => desired.Balancers.All(d => d.Name != b.Name))).Select(b => Delete(b)));
        foreach (var balancer in desired.Balancers)
        {
            if (!balancers.TryGetValue(balancer.Name, out var old))
            {
                plan.CreateBalancers.Add(Create(balancer));
                continue;
            }

            // Members that go: their VM leaves service, or the desired pool (same name, same network) no longer has them.
            var current = old with
            {
                Pools = [.. old.Pools.Select(pool => pool with
                {
                    Members = [.. pool.Members.Where(m => !leaving.Contains(m.Vm) && balancer.Pools.Any(d =>
                        d.Name == pool.Name && d.Network == pool.Network && d.Members.Any(dm => dm.Vm == m.Vm)))],
                })],
            };
            AddDrain(plan, current, old, "pool", old.Pools.SelectMany(pool => pool.Members
                .Where(m => current.Pools.Single(c => c.Name == pool.Name).Members.All(c => c.Vm != m.Vm))
                .Select(m => (pool.Name, m.Vm))));

            if (ResourceDiff.Balancer(current, balancer) is { Count: > 0 } changes)
            {
                plan.CreateBalancers.Add(Update(current, balancer, changes));
            }
            else if (NotLive(notLive, balancer.Name) is { } retry)
            {
                plan.CreateBalancers.Add(Update(current, balancer, retry));
            }
        }
    }

    /// <summary>
    /// As balancers: a router deleted, or drained of VMs that leave service or its farms, before the VMs go; created
    /// or given its final farms and keys after the VMs are made. Routers come after the balancers in each phase.
    /// </summary>
    private static void PlanRouters(DesiredStack desired, Dictionary<string, StackRouter> routers, HashSet<string> leaving, IReadOnlyDictionary<string, string> notLive, PlanPhases plan)
    {
        plan.DrainBalancers.AddRange(Sorted(routers.Values.Where(r => desired.Routers.All(d => d.Name != r.Name))).Select(r => Delete(r)));
        foreach (var router in desired.Routers)
        {
            if (!routers.TryGetValue(router.Name, out var old))
            {
                plan.CreateBalancers.Add(Create(router));
                continue;
            }

            // Members that go: their VM leaves service, or the desired farm (same name, network and port) no longer has them.
            var current = old with
            {
                Farms = [.. old.Farms.Select(farm => farm with
                {
                    Members = [.. farm.Members.Where(m => !leaving.Contains(m.Vm) && router.Farms.Any(d =>
                        d.Name == farm.Name && d.Network == farm.Network && d.Port == farm.Port && d.Members.Any(dm => dm.Vm == m.Vm)))],
                })],
            };
            AddDrain(plan, current, old, "farm", old.Farms.SelectMany(farm => farm.Members
                .Where(m => current.Farms.Single(c => c.Name == farm.Name).Members.All(c => c.Vm != m.Vm))
                .Select(m => (farm.Name, m.Vm))));

            if (ResourceDiff.Router(current, router) is { Count: > 0 } changes)
            {
                plan.CreateBalancers.Add(Update(current, router, changes));
            }
            else if (NotLive(notLive, router.Name) is { } retry)
            {
                plan.CreateBalancers.Add(Update(current, router, retry));
            }
        }
    }

    /// <summary>
    /// The step that takes <paramref name="drains"/> (VMs, by the pool or farm they leave) out of a balancer or router
    /// before they go: <paramref name="current"/> is it without them. Nothing when none leave.
    /// </summary>
    private static void AddDrain(PlanPhases plan, StackResource current, StackResource old, string groupWord, IEnumerable<(string Group, string Vm)> drains)
    {
        var list = drains.ToList();
        if (list.Count == 0) return;
        plan.DrainBalancers.Add(new PlanStep
        {
            Action = StepAction.Drain,
            Resource = current,
            Before = old,
            Drains = [.. list.Select(d => d.Vm).Distinct()],
            Changes = [.. list.GroupBy(d => d.Group).Select(g => $"drain {string.Join(", ", g.Select(d => d.Vm))} from {groupWord} {g.Key}")],
        });
    }

    /// <summary>The change that puts an unchanged balancer or router again because flotilla-lb does not serve it.</summary>
    private static IReadOnlyList<string>? NotLive(IReadOnlyDictionary<string, string> notLive, string name) =>
        notLive.TryGetValue(name, out var why) ? [$"not live in flotilla-lb ({why}): put again"] : null;

    private static void CheckConflicts(DesiredStack desired, ActualState actual)
    {
        var others = actual.Others
            .Concat(actual.SecurityGroups.Cast<StackResource>().Concat(actual.Networks).Concat(actual.Vms).Concat(actual.Balancers).Concat(actual.Routers)
                .Where(r => r.Stack != desired.Name)
                .Select(r => new ResourceRef(r.Kind, r.Name, r.Stack)))
            .ToList();
        var conflicts = desired.Resources
            .Select(r => others.FirstOrDefault(o => Space(o.Kind) == Space(r.Kind) && o.Name == r.Name))
            .OfType<ResourceRef>()
            .ToList();
        if (conflicts.Count > 0) throw new StackConflictException(desired.Name, conflicts);
    }

    /// <summary>Balancers and routers are both flotilla-lb resources, named in one space on the host.</summary>
    private static ResourceKind Space(ResourceKind kind) => kind == ResourceKind.Router ? ResourceKind.LoadBalancer : kind;

    private static Dictionary<string, T> Owned<T>(IEnumerable<T> resources, string stack)
        where T : StackResource =>
        resources.Where(r => r.Stack == stack).GroupBy(r => r.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private static IEnumerable<T> Sorted<T>(IEnumerable<T> resources)
        where T : StackResource => resources.OrderBy(r => r.Name, NaturalNameComparer.Instance);

    private static PlanStep Create(StackResource resource, IReadOnlyList<string>? reasons = null, bool replacement = false) =>
        new() { Action = StepAction.Create, Resource = resource, Changes = reasons ?? [], Replacement = replacement };

    private static PlanStep Update(StackResource before, StackResource after, IReadOnlyList<string> changes) =>
        new() { Action = StepAction.Update, Resource = after, Before = before, Changes = changes };

    private static PlanStep Delete(StackResource resource, IReadOnlyList<string>? reasons = null, bool replacement = false) =>
        new() { Action = StepAction.Delete, Resource = resource, Before = resource, Changes = reasons ?? [], Replacement = replacement };
}
