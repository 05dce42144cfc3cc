using System.Text.Json.Serialization;

namespace Flotilla.Daemon.Balancers;

/// <summary>
/// A balancer as the user wants it, stored under <c>balancers/NAME</c>: one item of flotilla-lb's
/// <c>balancers:</c> in its own terms (docs/flotilla-lb.md), plus what only the daemon knows: a pool may name a
/// Flotilla network instead of a namespace, and labels say who owns it (<c>stack: website</c>). Values flotilla-lb
/// validates (protocols, distributions, ranges) stay text and numbers here, so its reader is the one judge.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BalancerSpec
{
    /// <summary>From the path; a body may repeat it, not contradict it.</summary>
    public string? Name { get; init; }

    /// <summary>Where every rule listens, on the host; default 127.0.0.1.</summary>
    public string? FrontendAddress { get; init; }

    public IReadOnlyList<BalancerPoolSpec> BackendPools { get; init; } = [];

    public IReadOnlyList<BalancerProbeSpec> Probes { get; init; } = [];

    public IReadOnlyList<BalancerRuleSpec> Rules { get; init; } = [];

    /// <summary>Free-form owner labels, e.g. <c>{"stack": "website"}</c>; flotilla-lb never sees them.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
