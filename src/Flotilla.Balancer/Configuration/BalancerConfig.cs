namespace Flotilla.Balancer.Configuration;

/// <summary>One load balancer: a frontend address, its pools, probes and rules (Azure's model).</summary>
public sealed record BalancerConfig
{
    public required string Name { get; init; }

    public required string FrontendAddress { get; init; }

    public IReadOnlyList<BackendPoolConfig> BackendPools { get; init; } = [];

    public IReadOnlyList<ProbeConfig> Probes { get; init; } = [];

    public IReadOnlyList<RuleConfig> Rules { get; init; } = [];
}

public sealed record BackendPoolConfig
{
    public required string Name { get; init; }

    /// <summary>
    /// The network namespace the members live in (a name under /run/netns, or an absolute path
    /// to a namespace file); null: the balancer's own. Set per pool, not per member: a pool is
    /// the VMs of one network (as an Azure backend pool belongs to one VNet), and since tenant
    /// CIDRs may overlap, members of two networks could share an address:port, which Maglev and
    /// the health state key members by.
    /// </summary>
    public string? Namespace { get; init; }

    public IReadOnlyList<MemberConfig> Members { get; init; } = [];
}

/// <summary>A pool member; without a port it takes the rule's backend port.</summary>
public sealed record MemberConfig
{
    public required string Address { get; init; }

    public int? Port { get; init; }

    public int Weight { get; init; } = 1;

    /// <summary>Where a rule's flows to this member go.</summary>
    public System.Net.IPEndPoint EndpointFor(RuleConfig rule) => new(System.Net.IPAddress.Parse(Address), Port ?? rule.BackendPort);
}
