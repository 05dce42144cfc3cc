using System.Text.Json.Nodes;

namespace Flotilla.Core.Stacks;

/// <summary>
/// An application request router the stack owns: one <c>routers:</c> item of flotilla-lb's config once the daemon
/// fills in each farm member's address and each farm's namespace. Everything but the farms' members is
/// <see cref="Definition"/>, flotilla-lb's keys as JSON text, compared as text: the stack passes them through.
/// </summary>
public sealed record StackRouter : StackResource
{
    public required string RouterName { get; init; }

    public override string Name => RouterName;

    /// <summary>The router's keys without <c>name</c> and without each farm's <c>members</c>, <c>network</c> and <c>port</c>.</summary>
    public required string Definition { get; init; }

    public IReadOnlyList<StackFarm> Farms { get; init; } = [];

    public override ResourceKind Kind => ResourceKind.Router;

    /// <summary>Every VM in any of its farms.</summary>
    public IEnumerable<string> MemberVms => Farms.SelectMany(f => f.Members).Select(m => m.Vm).Distinct(StringComparer.Ordinal);

    /// <summary>This router with <paramref name="vms"/> taken out of every farm (a drain).</summary>
    public StackRouter Without(IReadOnlySet<string> vms) => this with
    {
        Farms = [.. Farms.Select(f => f with { Members = [.. f.Members.Where(m => !vms.Contains(m.Vm))] })],
    };

    /// <summary><c>http://ADDRESS:PORT</c> of the first listener (<c>https</c> with <c>tls</c>), or null without one.</summary>
    public string? Url
    {
        get
        {
            if (JsonNode.Parse(Definition)?["listeners"] is not JsonArray { Count: > 0 } listeners || listeners[0] is not JsonObject first) return null;
            var scheme = first["tls"] is null ? "http" : "https";
            return $"{scheme}://{first["address"]?.ToString() ?? "127.0.0.1"}:{first["port"]?.ToString()}/";
        }
    }
}
