using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>
/// Turns a pool's member references into VM instances and finds the one network the pool is on: the pool's
/// <c>network</c>, or else the network of its members' first NICs, which must agree (a pool belongs to one network,
/// as an Azure backend pool belongs to one VNet, because tenant CIDRs may overlap).
/// </summary>
internal static class PoolResolver
{
    /// <param name="kind">What the pool is called in errors: <c>pool</c>, or <c>farm</c> for a router's.</param>
    public static ResolvedPool Resolve(PoolDeclaration pool, StackIndex index, List<SpecException> problems, string kind = "pool")
    {
        var members = new List<(VmInstance Vm, int Weight, SpecOrigin Origin)>();
        foreach (var member in pool.Members)
        {
            foreach (var vm in Instances(member, index, problems))
            {
                if (members.Any(m => m.Vm.Name == vm.Name))
                {
                    problems.Add(member.Origin.Error(null, $"VM '{vm.Name}' is already in {kind} '{pool.Name}'"));
                    continue;
                }

                members.Add((vm, member.Weight, member.Origin));
            }
        }

        return new ResolvedPool(pool, Network(pool, members, index, problems, kind), members);
    }

    private static IEnumerable<VmInstance> Instances(PoolMemberDeclaration member, StackIndex index, List<SpecException> problems)
    {
        var reference = member.Vm;
        if (reference.All || reference.Index is not null)
        {
            if (!index.Declarations.TryGetValue(reference.Name, out var declaration))
            {
                problems.Add(member.Origin.Error(null, $"unknown VM '{reference.Name}' (known: {StackIndex.Known(index.Declarations.Keys)})"));
                return [];
            }

            if (reference.All)
            {
                return index.Instances.Where(i => ReferenceEquals(i.Declaration, declaration));
            }

            if (declaration.Count is null || reference.Index >= declaration.Count)
            {
                problems.Add(member.Origin.Error(null, declaration.Count is null
                    ? $"VM '{reference.Name}' has no count: write {reference.Name}"
                    : $"VM '{reference.Name}' has instances 0..{declaration.Count - 1}, not {reference.Index}"));
                return [];
            }

            return [index.InstancesByName[InstanceNames.Of(declaration, reference.Index!.Value)]];
        }

        if (index.InstancesByName.TryGetValue(reference.Name, out var instance))
        {
            return [instance];
        }

        problems.Add(member.Origin.Error(null, index.Declarations.TryGetValue(reference.Name, out var counted)
            ? $"VM '{reference.Name}' has count {counted.Count}: write {reference.Name}[*] for all of them or {reference.Name}-N for one"
            : $"unknown VM '{reference.Name}' (known: {StackIndex.Known(index.Declarations.Keys)})"));
        return [];
    }

    private static string? Network(PoolDeclaration pool, List<(VmInstance Vm, int Weight, SpecOrigin Origin)> members, StackIndex index, List<SpecException> problems, string kind)
    {
        if (pool.Network is { } named)
        {
            if (!index.Networks.ContainsKey(named))
            {
                problems.Add(pool.Origin.Error("network", $"unknown network '{named}' (known: {StackIndex.Known(index.Networks.Keys)})"));
                return null;
            }

            foreach (var (vm, _, origin) in members.Where(m => m.Vm.Declaration.Nics.All(n => n.Network != named)))
            {
                problems.Add(origin.Error(null, $"VM '{vm.Name}' has no NIC on network '{named}', the {kind}'s"));
            }

            return named;
        }

        string? network = null;
        string? first = null;
        foreach (var (vm, _, origin) in members)
        {
            if (vm.Declaration.Nics.Count == 0)
            {
                problems.Add(origin.Error(null, $"VM '{vm.Name}' has no network, so a {(kind == "pool" ? "balancer" : "router")} cannot reach it: give it networks:"));
                continue;
            }

            var own = vm.Declaration.Nics[0].Network;
            if (network is null)
            {
                (network, first) = (own, vm.Name);
            }
            else if (own != network)
            {
                problems.Add(origin.Error(null,
                    $"{kind} '{pool.Name}' would span networks '{network}' ({first}) and '{own}' ({vm.Name}): a {kind} is on one network; give the {kind} network: and the VMs a NIC on it"));
            }
        }

        if (network is null && pool.Members.Count == 0)
        {
            problems.Add(pool.Origin.Error("members", $"an empty {kind} needs network: to say which network its members will be on"));
        }

        return network;
    }
}
