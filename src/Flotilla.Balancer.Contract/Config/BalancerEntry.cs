using System.Text.Json.Serialization;

namespace Flotilla.Balancer.Contract.Config;

/// <summary>One item of <c>balancers:</c>: a frontend address, its pools, probes and rules (Azure's model).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BalancerEntry
{
    public string? Name { get; init; }

    public string? FrontendAddress { get; init; }

    public IReadOnlyList<PoolEntry> BackendPools { get; init; } = [];

    public IReadOnlyList<ProbeEntry> Probes { get; init; } = [];

    public IReadOnlyList<RuleEntry> Rules { get; init; } = [];
}
