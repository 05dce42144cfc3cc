using System.Text.Json.Serialization;

namespace Flotilla.Balancer.Contract.Config;

/// <summary>A backend pool; its members live in <see cref="Namespace"/> (a name under /run/netns or a path), or in the balancer's own when null.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PoolEntry
{
    public string? Name { get; init; }

    public string? Namespace { get; init; }

    public IReadOnlyList<MemberEntry> Members { get; init; } = [];
}
