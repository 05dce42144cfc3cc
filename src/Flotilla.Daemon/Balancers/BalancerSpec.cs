using System.Text.Json.Nodes;
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

    /// <summary>
    /// Set for an application request router (L7) instead of an L4 balancer: one item of flotilla-lb's <c>routers:</c>
    /// in its own keys (without <c>name</c>, which is the spec's), except that a farm may name a Flotilla
    /// <c>network</c> instead of a <c>namespace</c>, and a <c>port</c> its members take when they give none. A router
    /// is kept as a balancer with a kind rather than a record of its own because everything around it is shared:
    /// the store prefix the supervisor watches, revisions and live confirmation, validation by flotilla-lb's reader
    /// over the host's whole config, the verbs, and one name space for what flotilla-lb serves. Its keys stay a JSON
    /// tree, so flotilla-lb's reader alone judges them and the daemon never re-declares them.
    /// </summary>
    public JsonObject? Router { get; init; }

    /// <summary>Whether this is a router (<see cref="Router"/>) rather than an L4 balancer.</summary>
    [JsonIgnore]
    public bool IsRouter => Router is not null;

    /// <summary>Free-form owner labels, e.g. <c>{"stack": "website"}</c>; flotilla-lb never sees them.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
