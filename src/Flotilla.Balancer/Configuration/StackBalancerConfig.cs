using Flotilla.Core.Stacks;

namespace Flotilla.Balancer.Configuration;

/// <summary>
/// Turns a stack's balancer (Core's model, which names member VMs) into flotilla-lb's config item. The daemon supplies
/// what only it knows: each member VM's address on the pool's network, and the network's namespace on this host.
/// </summary>
public static class StackBalancerConfig
{
    /// <param name="addressOf">A VM's address on a network, (vm, network) → address; null leaves the member out (the VM holds none yet).</param>
    /// <param name="namespaceOf">The network namespace of a network on this host (its name under /run/netns).</param>
    public static BalancerConfig From(StackBalancer balancer, Func<string, string, string?> addressOf, Func<string, string?> namespaceOf) => new()
    {
        Name = balancer.Name,
        FrontendAddress = balancer.FrontendAddress,
        BackendPools = [.. balancer.Pools.Select(pool => new BackendPoolConfig
        {
            Name = pool.Name,
            Namespace = namespaceOf(pool.Network),
            Members = [.. pool.Members
                .Select(m => (Address: addressOf(m.Vm, pool.Network), m.Weight))
                .Where(m => m.Address is not null)
                .Select(m => new MemberConfig { Address = m.Address!, Weight = m.Weight })],
        })],
        Probes = [.. balancer.Probes.Select(p => new ProbeConfig
        {
            Name = p.Name,
            Protocol = p.Protocol switch
            {
                BalancerProbeProtocol.Http => ProbeProtocol.Http,
                BalancerProbeProtocol.Https => ProbeProtocol.Https,
                _ => ProbeProtocol.Tcp,
            },
            Port = p.Port,
            Path = p.Path,
            ExpectedStatus = p.ExpectedStatus,
            IntervalSeconds = p.IntervalSeconds,
            TimeoutSeconds = p.TimeoutSeconds,
            UnhealthyThreshold = p.UnhealthyThreshold,
            HealthyThreshold = p.HealthyThreshold,
        })],
        Rules = [.. balancer.Rules.Select(r => new RuleConfig
        {
            Name = r.Name,
            Protocol = r.Protocol == BalancerRuleProtocol.Udp ? RuleProtocol.Udp : RuleProtocol.Tcp,
            FrontendPort = r.FrontendPort,
            BackendPort = r.BackendPort,
            BackendPool = r.BackendPool,
            Probe = r.Probe,
            Distribution = r.Distribution switch
            {
                LoadDistribution.SourceIP => Distribution.SourceIP,
                LoadDistribution.SourceIPProtocol => Distribution.SourceIPProtocol,
                _ => Distribution.Default,
            },
            IdleTimeout = TimeSpan.FromMinutes(r.IdleTimeoutMinutes),
            EnableTcpReset = r.EnableTcpReset,
            DrainTimeoutSeconds = r.DrainTimeoutSeconds,
        })],
    };
}
