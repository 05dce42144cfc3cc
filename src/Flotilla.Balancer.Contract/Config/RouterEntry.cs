using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Flotilla.Balancer.Contract.Config;

/// <summary>
/// One item of <c>routers:</c>: its name, then its other keys (listeners, rules, farms, affinityStore …) in the order
/// they are given. Those stay a tree here, as the daemon has stored them since routers came: their grammar (matches,
/// rewrites, health, affinity) is flotilla-lb's router reader's alone, and records for it are the next step.
/// </summary>
public sealed record RouterEntry
{
    public string? Name { get; init; }

    /// <summary>Written after <see cref="Name"/>, as the router's own keys (by <see cref="LbConfigYaml"/>, not as a <c>keys:</c> map).</summary>
    [JsonIgnore]
    public JsonObject Keys { get; init; } = [];
}
