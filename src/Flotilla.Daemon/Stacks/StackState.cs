using Flotilla.Core.Stacks;
using Flotilla.Daemon.Balancers;
using Flotilla.Core.Vms;
using Flotilla.Daemon.Networks;
using Flotilla.Daemon.Security;
using Flotilla.Daemon.Vms;

namespace Flotilla.Daemon.Stacks;

/// <summary>
/// What exists, read from the store for the planner: every stack's resources (by their <c>stack</c> tag) in the
/// planner's records, and the names of everything made by hand, which no stack may touch or take.
/// </summary>
internal sealed class StackState(VmRepository vms, NetworkRepository networks, SecurityGroupRepository groups, BalancerRepository balancers, LbSupervisor supervisor)
{
    public async Task<ActualState> ReadAsync(CancellationToken ct)
    {
        var allGroups = await groups.ListOwnedAsync(ct).ConfigureAwait(false);
        var allNetworks = await networks.ListAsync(ct).ConfigureAwait(false);
        var allVms = await vms.ListAsync(ct).ConfigureAwait(false);
        var allBalancers = await balancers.ListAsync(ct).ConfigureAwait(false);
        var holders = allVms.SelectMany(v => v.Spec.Nics.Select(n => (Key: (n.Network, n.Address), v.Name))).ToDictionary(x => x.Key, x => x.Name);
        return new ActualState
        {
            SecurityGroups = [.. allGroups.Where(g => g.Stack is not null).Select(g => new StackSecurityGroup { Stack = g.Stack!, Group = g.Group })],
            Networks = [.. allNetworks.Where(n => n.Stack is not null).Select(n => new StackNetwork { Stack = n.Stack!, Spec = n with { Stack = null } })],
            Vms = [.. allVms.Where(v => v.Spec.Stack is not null).Select(v => Vm(v.Spec))],
            Balancers = [.. allBalancers.Where(b => !b.Spec.IsRouter && b.Spec.Labels.ContainsKey(StackBalancers.StackLabel))
                .Select(b => StackBalancers.FromSpec(b.Spec.Name!, b.Spec, (network, address) => holders.GetValueOrDefault((network, address))))],
            Routers = [.. allBalancers.Where(b => b.Spec.IsRouter && b.Spec.Labels.ContainsKey(StackBalancers.StackLabel))
                .Select(b => StackRouters.FromSpec(b.Spec.Name!, b.Spec, (network, address) => holders.GetValueOrDefault((network, address))))],
            NotLive = NotLive(allBalancers),
            Others =
            [
                .. allGroups.Where(g => g.Stack is null).Select(g => new ResourceRef(ResourceKind.SecurityGroup, g.Group.Name)),
                .. allNetworks.Where(n => n.Stack is null).Select(n => new ResourceRef(ResourceKind.Network, n.Name)),
                .. allVms.Where(v => v.Spec.Stack is null).Select(v => new ResourceRef(ResourceKind.Vm, v.Name)),
                .. allBalancers.Where(b => !b.Spec.Labels.ContainsKey(StackBalancers.StackLabel)).Select(b => new ResourceRef(b.Spec.IsRouter ? ResourceKind.Router : ResourceKind.LoadBalancer, b.Spec.Name!)),
            ],
        };
    }

    /// <summary>
    /// The stack-owned balancers and routers flotilla-lb refused or cannot bind, as stored now. Not those merely not
    /// live yet (a reload under way, a daemon just started): a plan would show them changed for no reason.
    /// </summary>
    private Dictionary<string, string> NotLive(IEnumerable<(BalancerSpec Spec, long Revision)> all)
    {
        var (state, status) = (supervisor.State, supervisor.Status);
        var notLive = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (spec, revision) in all.Where(b => b.Spec.Labels.ContainsKey(StackBalancers.StackLabel)))
        {
            var verdict = BalancerLiveness.Of(spec, revision, state, status);
            var rejected = state.Rejected.TryGetValue(spec.Name!, out var r) && r == revision;
            if (!verdict.Live && (verdict.BindError is not null || rejected)) notLive[spec.Name!] = verdict.BindError ?? verdict.Message ?? "reload rejected";
        }
        return notLive;
    }

    private static StackVm Vm(VmSpec spec) => new()
    {
        Stack = spec.Stack!,
        VmName = spec.Name,
        Group = GroupOf(spec.Name),
        Index = IndexOf(spec.Name),
        Template = spec.Template,
        Cpus = spec.Cpus,
        MemoryMiB = spec.MemoryMiB,
        Pool = spec.Pool == VmSpec.DefaultPool ? null : spec.Pool,
        Nics = [.. spec.Nics.Select(n => new StackNic(n.Network, n.Address, n.SecurityGroup))],
        UserData = spec.UserData,
        OnCrash = spec.OnCrash,
        Autostart = spec.Autostart,
        Power = spec.Power,
    };

    /// <summary><c>web-2</c> is instance 2 of <c>web</c>; a name without an index is its own group.</summary>
    private static string GroupOf(string name) => name.LastIndexOf('-') is var dash and > 0 && int.TryParse(name[(dash + 1)..], out _) ? name[..dash] : name;

    private static int IndexOf(string name) => name.LastIndexOf('-') is var dash and > 0 && int.TryParse(name[(dash + 1)..], out var index) ? index : 0;
}
