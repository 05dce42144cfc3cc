using Flotilla.Core.Stacks;
using Flotilla.Daemon.Balancers;

namespace Flotilla.Daemon.Stacks;

/// <summary>
/// A stack's balancer in the daemon's balancer resource (flotilla-lb's terms, <see cref="BalancerSpec"/>) and back.
/// Members become their VM's address on the pool's network, and come back as that VM's name; every value is written
/// out, defaults included, so reading back what was applied gives the same balancer and a second apply plans nothing.
/// The label <c>stack: NAME</c> is the ownership tag.
/// </summary>
internal static class StackBalancers
{
    public const string StackLabel = "stack";

    /// <param name="addressOf">(vm, network) → the VM's address on it; a VM without one is left out.</param>
    public static BalancerSpec ToSpec(StackBalancer balancer, Func<string, string, string?> addressOf) => new()
    {
        Name = balancer.Name,
        FrontendAddress = balancer.FrontendAddress,
        BackendPools = [.. balancer.Pools.Select(pool => new BalancerPoolSpec
        {
            Name = pool.Name,
            Network = pool.Network,
            Members = [.. pool.Members.Select(m => (Address: addressOf(m.Vm, pool.Network), m.Weight)).Where(m => m.Address is not null)
                .Select(m => new BalancerMemberSpec { Address = m.Address, Weight = m.Weight })],
        })],
        Probes = [.. balancer.Probes.Select(p => new BalancerProbeSpec
        {
            // flotilla-lb refuses a path and an expected status on a tcp probe: they are http(s) keys.
            Name = p.Name, Protocol = p.Protocol.ToString().ToLowerInvariant(), Port = p.Port,
            Path = p.Protocol == BalancerProbeProtocol.Tcp ? null : p.Path, ExpectedStatus = p.Protocol == BalancerProbeProtocol.Tcp ? null : p.ExpectedStatus,
            IntervalSeconds = p.IntervalSeconds, TimeoutSeconds = p.TimeoutSeconds, UnhealthyThreshold = p.UnhealthyThreshold, HealthyThreshold = p.HealthyThreshold,
        })],
        Rules = [.. balancer.Rules.Select(r => new BalancerRuleSpec
        {
            Name = r.Name, Protocol = r.Protocol.ToString().ToLowerInvariant(), FrontendPort = r.FrontendPort, BackendPort = r.BackendPort,
            BackendPool = r.BackendPool, Probe = r.Probe, Distribution = r.Distribution.ToString(), IdleTimeoutMinutes = r.IdleTimeoutMinutes,
            EnableTcpReset = r.EnableTcpReset, DrainTimeoutSeconds = r.DrainTimeoutSeconds,
        })],
        Labels = new Dictionary<string, string> { [StackLabel] = balancer.Stack },
    };

    /// <param name="vmAt">(network, address) → the VM holding it, if any.</param>
    public static StackBalancer FromSpec(string name, BalancerSpec spec, Func<string, string, string?> vmAt) => new()
    {
        Stack = spec.Labels[StackLabel],
        BalancerName = name,
        FrontendAddress = spec.FrontendAddress ?? "127.0.0.1",
        Pools = [.. spec.BackendPools.Select(pool => new StackPool(pool.Name ?? "", pool.Network ?? "",
            [.. pool.Members.Select(m => new StackPoolMember(vmAt(pool.Network ?? "", m.Address ?? "") ?? m.Address ?? "", m.Weight ?? 1))]))],
        Probes = [.. spec.Probes.Select(p => new StackProbe
        {
            Name = p.Name ?? "", Protocol = Enum.Parse<BalancerProbeProtocol>(p.Protocol ?? "tcp", ignoreCase: true), Port = p.Port, Path = p.Path ?? "/",
            ExpectedStatus = p.ExpectedStatus ?? 200, IntervalSeconds = p.IntervalSeconds ?? 5, TimeoutSeconds = p.TimeoutSeconds ?? 5,
            UnhealthyThreshold = p.UnhealthyThreshold ?? 2, HealthyThreshold = p.HealthyThreshold ?? 1,
        })],
        Rules = [.. spec.Rules.Select(r => new StackRule
        {
            Name = r.Name ?? "", Protocol = Enum.Parse<BalancerRuleProtocol>(r.Protocol ?? "tcp", ignoreCase: true), FrontendPort = r.FrontendPort ?? 0,
            BackendPort = r.BackendPort ?? 0, BackendPool = r.BackendPool ?? "", Probe = r.Probe,
            Distribution = Enum.Parse<LoadDistribution>(r.Distribution ?? "Default", ignoreCase: true), IdleTimeoutMinutes = r.IdleTimeoutMinutes ?? 4,
            EnableTcpReset = r.EnableTcpReset ?? false, DrainTimeoutSeconds = r.DrainTimeoutSeconds,
        })],
    };
}
