using System.Net;
using Flotilla.Core.Naming;
using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>
/// Checks what the reader cannot see one item at a time: references (a network, a security group, a VM in a pool, a
/// rule's pool and probe, an output's references), names made twice (after <c>count</c> expansion too), addresses
/// outside their network or reserved or asked for twice, a pool spanning two networks, two rules on one frontend
/// port. References only point from later kinds to earlier ones (security group ← network ← VM ← pool ← rule, and
/// outputs read them all), so a stack has no cycles to look for. Whether a template or a storage pool exists is the
/// daemon's to say.
/// </summary>
public static class StackValidator
{
    /// <returns>Every problem found, each one line naming file, line and key; empty when the stack is valid.</returns>
    public static IReadOnlyList<SpecException> Validate(StackFile file)
    {
        var problems = new List<SpecException>();
        var index = new StackIndex(file);
        CheckNetworks(file, index, problems);
        CheckVms(file, index, problems);
        CheckBalancers(file, index, problems);
        CheckRouters(file, index, problems);
        OutputReferences.Check(file, index, problems);
        return problems;
    }

    /// <exception cref="InvalidStackException">The stack has problems; its message has one line for each.</exception>
    public static void ThrowIfInvalid(StackFile file)
    {
        var problems = Validate(file);
        if (problems.Count > 0) throw new InvalidStackException(problems);
    }

    private static void CheckNetworks(StackFile file, StackIndex index, List<SpecException> problems)
    {
        Unique(file.SecurityGroups.Select(g => (g.Group.Name, g.Origin)), "security group", problems);
        Unique(file.Networks.Select(n => (n.Spec.Name, n.Origin)), "network", problems);
        foreach (var network in file.Networks)
        {
            if (network.Spec.SecurityGroup is { } group && !index.SecurityGroups.ContainsKey(group))
            {
                problems.Add(network.Origin.Error("securityGroup", UnknownGroup(group, index)));
            }
        }
    }

    private static void CheckVms(StackFile file, StackIndex index, List<SpecException> problems)
    {
        var made = new Dictionary<string, VmInstance>(StringComparer.Ordinal);
        foreach (var instance in index.Instances)
        {
            if (made.TryGetValue(instance.Name, out var first))
            {
                problems.Add(instance.Declaration.Origin.Error(instance.Declaration.Count is null ? "name" : "count",
                    $"VM name '{instance.Name}' is made twice: by {Describe(first)} and by {Describe(instance)}"));
            }
            else if (!ResourceName.IsValid(instance.Name))
            {
                problems.Add(instance.Declaration.Origin.Error("name", $"VM name '{instance.Name}' is longer than 63 characters"));
            }

            made.TryAdd(instance.Name, instance);
        }

        var held = new Dictionary<(string Network, IPAddress Address), VmInstance>();
        foreach (var instance in index.Instances)
        {
            foreach (var nic in instance.Declaration.Nics)
            {
                CheckNic(instance, nic, index, held, problems);
            }
        }
    }

    private static void CheckNic(VmInstance instance, NicDeclaration nic, StackIndex index, Dictionary<(string, IPAddress), VmInstance> held, List<SpecException> problems)
    {
        // A counted VM's problem is reported once, at its first instance, not once per instance.
        var firstOfItem = instance.Index == 0;
        if (nic.SecurityGroup is { } group && !index.SecurityGroups.ContainsKey(group) && firstOfItem)
        {
            problems.Add(nic.Origin.Error("securityGroup", UnknownGroup(group, index)));
        }

        if (index.PlanOf(nic.Network) is not { } plan)
        {
            if (firstOfItem)
            {
                problems.Add(nic.Origin.Error(nic.Origin.Has("network") ? "network" : null,
                    $"unknown network '{nic.Network}' (known: {StackIndex.Known(index.Networks.Keys)})"));
            }

            return;
        }

        if (nic.Address is null)
        {
            return;
        }

        var address = StackIndex.AddressOf(nic, instance.Index);
        if (address is null || plan.WhyNotAssignable(address) is { } why)
        {
            var whose = instance.Declaration.Count is null ? "" : $"{instance.Name} would get {address}: ";
            problems.Add(nic.Origin.Error("address", $"{whose}{(address is null ? "past 255.255.255.255" : plan.WhyNotAssignable(address))}"));
            return;
        }

        if (!held.TryAdd((nic.Network, address), instance))
        {
            problems.Add(nic.Origin.Error("address", $"{address} on network '{nic.Network}' is asked for by {held[(nic.Network, address)].Name} and {instance.Name}"));
        }
    }

    private static void CheckBalancers(StackFile file, StackIndex index, List<SpecException> problems)
    {
        Unique(file.LoadBalancers.Select(b => (b.Name, b.Origin)), "load balancer", problems);
        var frontends = new List<(BalancerRuleProtocol Protocol, IPAddress Address, int Port, string Owner)>();
        foreach (var balancer in file.LoadBalancers)
        {
            Unique(balancer.Pools.Select(p => (p.Name, p.Origin)), "pool", problems);
            Unique(balancer.Probes.Select(p => (p.Probe.Name, p.Origin)), "probe", problems);
            Unique(balancer.Rules.Select(r => (r.Rule.Name, r.Origin)), "rule", problems);
            foreach (var pool in balancer.Pools)
            {
                PoolResolver.Resolve(pool, index, problems);
            }

            var frontend = IPAddress.Parse(balancer.FrontendAddress);
            foreach (var (rule, origin) in balancer.Rules)
            {
                if (balancer.Pools.All(p => p.Name != rule.BackendPool))
                {
                    problems.Add(origin.Error("backendPool", $"unknown pool '{rule.BackendPool}' (known: {StackIndex.Known(balancer.Pools.Select(p => p.Name))})"));
                }

                if (rule.Probe is { } probe && balancer.Probes.All(p => p.Probe.Name != probe))
                {
                    problems.Add(origin.Error("probe", $"unknown probe '{probe}' (known: {StackIndex.Known(balancer.Probes.Select(p => p.Probe.Name))})"));
                }

                // 0.0.0.0 listens on every address, so it collides with any address on the same port.
                var clash = frontends.FirstOrDefault(f => f.Protocol == rule.Protocol && f.Port == rule.FrontendPort
                    && (f.Address.Equals(frontend) || f.Address.Equals(IPAddress.Any) || frontend.Equals(IPAddress.Any)));
                if (clash.Owner is not null)
                {
                    problems.Add(origin.Error("frontendPort",
                        $"{rule.Protocol.ToString().ToLowerInvariant()} {balancer.FrontendAddress}:{rule.FrontendPort} is already used by rule {clash.Owner}"));
                }

                frontends.Add((rule.Protocol, frontend, rule.FrontendPort, $"{balancer.Name}/{rule.Name}"));
            }
        }
    }

    /// <summary>
    /// Names, farm members (as pools: known VMs, one network) and listener ports against balancer frontends and each
    /// other. Everything else of a router (its rules' farms, conditions, actions) is flotilla-lb's reader's to judge.
    /// </summary>
    private static void CheckRouters(StackFile file, StackIndex index, List<SpecException> problems)
    {
        Unique(file.Routers.Select(r => (r.Name, r.Origin)), "router", problems);
        // A router is one of flotilla-lb's resources beside the balancers, named in the same space on the host.
        foreach (var router in file.Routers.Where(r => file.LoadBalancers.Any(b => b.Name == r.Name)))
        {
            problems.Add(router.Origin.Error("name", $"'{router.Name}' is also a load balancer's name (at {file.LoadBalancers.First(b => b.Name == router.Name).Origin.Path}): balancers and routers share names"));
        }

        var ports = file.LoadBalancers.SelectMany(b => b.Rules.Where(r => r.Rule.Protocol == BalancerRuleProtocol.Tcp)
            .Select(r => (Address: IPAddress.Parse(b.FrontendAddress), Port: r.Rule.FrontendPort, Owner: $"rule {b.Name}/{r.Rule.Name}"))).ToList();
        foreach (var router in file.Routers)
        {
            Unique(router.Farms.Select(f => (f.Name, f.Origin)), "farm", problems);
            foreach (var farm in router.Farms)
            {
                PoolResolver.Resolve(farm.AsPool(), index, problems, "farm");
            }

            foreach (var (address, port, origin) in router.Listeners)
            {
                var clash = ports.FirstOrDefault(p => p.Port == port && (p.Address.Equals(address) || p.Address.Equals(IPAddress.Any) || address.Equals(IPAddress.Any)));
                if (clash.Owner is not null)
                {
                    problems.Add(origin.Error("port", $"tcp {address}:{port} is already used by {clash.Owner}"));
                }

                ports.Add((address, port, $"router {router.Name}"));
            }
        }
    }

    private static void Unique(IEnumerable<(string Name, SpecOrigin Origin)> items, string kind, List<SpecException> problems)
    {
        var seen = new Dictionary<string, SpecOrigin>(StringComparer.Ordinal);
        foreach (var (name, origin) in items)
        {
            if (!seen.TryAdd(name, origin))
            {
                problems.Add(origin.Error("name", $"duplicate {kind} name '{name}' (first at {seen[name].Path})"));
            }
        }
    }

    private static string UnknownGroup(string group, StackIndex index) =>
        $"unknown security group '{group}' (known: {StackIndex.Known(index.SecurityGroups.Keys)})";

    private static string Describe(VmInstance instance) => instance.Declaration.Count is null
        ? instance.Declaration.Origin.Path
        : $"{instance.Declaration.Origin.Path} ({instance.Declaration.Name}, count {instance.Declaration.Count})";
}
