using System.Text.Json.Serialization;

namespace Flotilla.Daemon.Balancers;

/// <summary>A backend pool: its members live on the host, in a Flotilla <see cref="Network"/>, or in a named <see cref="Namespace"/>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BalancerPoolSpec
{
    public string? Name { get; init; }

    /// <summary>A Flotilla network of this host: the daemon writes its namespace (<c>flotilla-TAG-NET</c>) for flotilla-lb.</summary>
    public string? Network { get; init; }

    /// <summary>flotilla-lb's own <c>namespace:</c> (a name under /run/netns or a path), for members outside Flotilla's networks.</summary>
    public string? Namespace { get; init; }

    public IReadOnlyList<BalancerMemberSpec> Members { get; init; } = [];
}
