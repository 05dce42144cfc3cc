namespace Flotilla.Core.Stacks;

/// <summary>
/// Turns a valid stack file into its resources: a <c>count</c> into instances with their own names, user data and
/// addresses; <c>name[*]</c> into pool members; each pool onto its network. Pure: the same file gives the same stack.
/// </summary>
public static class StackExpander
{
    /// <exception cref="InvalidStackException">The file has problems (<see cref="StackValidator"/>).</exception>
    public static DesiredStack Expand(StackFile file)
    {
        StackValidator.ThrowIfInvalid(file);
        var index = new StackIndex(file);
        var stack = file.Name;
        return new DesiredStack
        {
            Name = stack,
            SecurityGroups = file.SecurityGroups.Select(g => new StackSecurityGroup { Stack = stack, Group = g.Group }).ToList(),
            Networks = file.Networks.Select(n => new StackNetwork { Stack = stack, Spec = n.Spec }).ToList(),
            Vms = index.Instances.Select(i => Vm(stack, i)).ToList(),
            Balancers = file.LoadBalancers.Select(b => Balancer(stack, b, index)).ToList(),
            Routers = file.Routers.Select(r => Router(stack, r, index)).ToList(),
            Outputs = file.Outputs,
            Verify = file.Verify,
        };
    }

    private static StackVm Vm(string stack, VmInstance instance)
    {
        var vm = instance.Declaration;
        return new StackVm
        {
            Stack = stack,
            VmName = instance.Name,
            Group = vm.Name,
            Index = instance.Index,
            Template = vm.Template,
            Cpus = vm.Cpus,
            MemoryMiB = vm.MemoryMiB,
            Pool = vm.Pool,
            Nics = vm.Nics.Select(n => new StackNic(n.Network, StackIndex.AddressOf(n, instance.Index)?.ToString(), n.SecurityGroup)).ToList(),
            UserData = vm.UserData is null ? null : UserDataTemplate.Render(vm.UserData, stack, instance.Name, instance.Index),
        };
    }

    private static StackRouter Router(string stack, RouterDeclaration router, StackIndex index)
    {
        var problems = new List<Specs.SpecException>();
        return new StackRouter
        {
            Stack = stack,
            RouterName = router.Name,
            Definition = router.Definition,
            Farms = [.. router.Farms.Select(f => (Farm: f, Resolved: PoolResolver.Resolve(f.AsPool(), index, problems, "farm"))).Select(p =>
                new StackFarm(p.Farm.Name, p.Resolved.Network!, p.Farm.Port, [.. p.Resolved.Members.Select(m => new StackPoolMember(m.Vm.Name, m.Weight))]))],
        };
    }

    private static StackBalancer Balancer(string stack, LoadBalancerDeclaration balancer, StackIndex index)
    {
        var problems = new List<Specs.SpecException>();
        var pools = balancer.Pools.Select(p => PoolResolver.Resolve(p, index, problems)).Select(p =>
            new StackPool(p.Declaration.Name, p.Network!, [.. p.Members.Select(m => new StackPoolMember(m.Vm.Name, m.Weight))])).ToList();
        return new StackBalancer
        {
            Stack = stack,
            BalancerName = balancer.Name,
            FrontendAddress = balancer.FrontendAddress,
            Pools = pools,
            Probes = balancer.Probes.Select(p => p.Probe).ToList(),
            Rules = balancer.Rules.Select(r => r.Rule).ToList(),
        };
    }
}
