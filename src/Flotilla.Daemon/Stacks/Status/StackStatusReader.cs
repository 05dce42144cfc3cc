using Flotilla.Compute;
using Flotilla.Core.Stacks;
using Flotilla.Daemon.Balancers;
using Flotilla.Daemon.Vms;

namespace Flotilla.Daemon.Stacks.Status;

/// <summary>
/// Reads every stack's resources (by their ownership tag) with their conditions, for <c>GET /v1/stacks[/NAME]</c>.
/// A stack exists while anything carries its tag or its last apply's declaration (<see cref="StackDeclarations"/>)
/// remains; a declared resource that carries no tag any more is told Missing.
/// </summary>
internal sealed class StackStatusReader(StackState state, VmRepository vms, BalancerCommands balancers, LbSupervisor supervisor, HostCompute compute, StackDeclarations declarations)
{
    public async Task<IReadOnlyList<StackStatus>> ListAsync(CancellationToken ct)
    {
        var actual = await state.ReadAsync(ct).ConfigureAwait(false);
        var observed = await ObserveAsync(ct).ConfigureAwait(false);
        var names = actual.SecurityGroups.Select(g => g.Stack).Concat(actual.Networks.Select(n => n.Stack))
            .Concat(actual.Vms.Select(v => v.Stack)).Concat(actual.Balancers.Select(b => b.Stack)).Concat(actual.Routers.Select(r => r.Stack))
            .Concat(observed.Declared.Keys)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return [.. names.Select(name => Read(actual, observed, name))];
    }

    /// <summary>The stack, or null when nothing carries its tag.</summary>
    public async Task<StackStatus?> GetAsync(string name, CancellationToken ct)
    {
        var actual = await state.ReadAsync(ct).ConfigureAwait(false);
        var status = Read(actual, await ObserveAsync(ct).ConfigureAwait(false), name);
        return status.Resources.Count == 0 ? null : status;
    }

    /// <summary>Every VM's and every balancer's (and router's) status, and what each stack declared, read once for all the stacks shown.</summary>
    private async Task<Observed> ObserveAsync(CancellationToken ct) => new(
        (await vms.ListAsync(ct).ConfigureAwait(false)).ToDictionary(v => v.Name, StringComparer.Ordinal),
        (await balancers.ListAsync(ct).ConfigureAwait(false)).ToDictionary(b => b.Name, StringComparer.Ordinal),
        await declarations.ListAsync(ct).ConfigureAwait(false));

    private sealed record Observed(IReadOnlyDictionary<string, VmView> Vms, IReadOnlyDictionary<string, BalancerView> Balancers, IReadOnlyDictionary<string, IReadOnlyList<ResourceRef>> Declared);

    private StackStatus Read(ActualState actual, Observed observed, string name)
    {
        var namespaceOf = compute.Networks.Names.Namespace;
        var present = compute.Networks.Present().ToHashSet(StringComparer.Ordinal);
        var stackBalancers = actual.Balancers.Where(b => b.Stack == name).ToList();
        var lb = supervisor.Status;
        var resources = new List<ResourceStatus>();
        foreach (var group in actual.SecurityGroups.Where(g => g.Stack == name))
        {
            resources.Add(new ResourceStatus(PlanText.KindWord(ResourceKind.SecurityGroup), group.Name, []));
        }

        foreach (var network in actual.Networks.Where(n => n.Stack == name))
        {
            var ns = namespaceOf(network.Name);
            resources.Add(new ResourceStatus(PlanText.KindWord(ResourceKind.Network), network.Name, StackConditions.ForNetwork(ns, present.Contains(network.Name))));
        }

        foreach (var vm in actual.Vms.Where(v => v.Stack == name).OrderBy(v => v.VmName, NaturalNameComparer.Instance))
        {
            if (!observed.Vms.TryGetValue(vm.VmName, out var view)) continue;
            resources.Add(new ResourceStatus(PlanText.KindWord(ResourceKind.Vm), vm.VmName, StackConditions.ForVm(vm, view.Status, stackBalancers, lb, namespaceOf, actual.Routers.Where(r => r.Stack == name))));
        }

        foreach (var balancer in stackBalancers)
        {
            if (!observed.Balancers.TryGetValue(balancer.BalancerName, out var view)) continue;
            resources.Add(new ResourceStatus(PlanText.KindWord(ResourceKind.LoadBalancer), balancer.BalancerName, StackConditions.ForBalancer(view.Status, view.Revision)));
        }

        // Live and Serving as a balancer's: a farm member counts when flotilla-lb's /status routers section has it in rotation.
        foreach (var router in actual.Routers.Where(r => r.Stack == name))
        {
            if (!observed.Balancers.TryGetValue(router.RouterName, out var view)) continue;
            resources.Add(new ResourceStatus(PlanText.KindWord(ResourceKind.Router), router.RouterName, StackConditions.ForBalancer(view.Status, view.Revision)));
        }

        // Declared by the last apply but gone (deleted with --force, or never made because a step failed): each is
        // told in its kind's place, so the order stays the build order and the first reason the root cause.
        var declared = observed.Declared.GetValueOrDefault(name) ?? [];
        var missing = declared.Where(d => !resources.Any(r => r.Kind == PlanText.KindWord(d.Kind) && r.Name == d.Name))
            .Select(d => (Order: (int)d.Kind, Status: new ResourceStatus(PlanText.KindWord(d.Kind), d.Name, StackConditions.ForMissing(PlanText.KindWord(d.Kind), d.Name))));
        var ordered = resources.Select(r => (Order: Order(r.Kind), Status: r)).Concat(missing).OrderBy(r => r.Order).Select(r => r.Status).ToList();
        return StackStatus.Of(name, ordered);
    }

    private static int Order(string kind) => (int)Enum.GetValues<ResourceKind>().First(k => PlanText.KindWord(k) == kind);
}
