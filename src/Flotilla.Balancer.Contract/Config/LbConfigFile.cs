using System.Text.Json.Serialization;

namespace Flotilla.Balancer.Contract.Config;

/// <summary>
/// flotilla-lb's config file (lb.yaml, docs/flotilla-lb.md, Config) as records: what flotillad builds and
/// <see cref="LbConfigYaml"/> writes, key for key the file's. Values stay as the file has them (text for
/// protocols and distributions, null where a key is absent and flotilla-lb's default applies), so flotilla-lb's
/// reader stays the one judge of what they mean. Properties are declared in the order the file lists its keys.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record LbConfigFile
{
    /// <summary>Where the admin API listens; null: flotilla-lb's default (127.0.0.1:9900).</summary>
    public AdminEntry? Admin { get; init; }

    /// <summary>Cap on TCP flows held at once; null: from the descriptor limit. Read at start only.</summary>
    public int? MaxConnections { get; init; }

    /// <summary>The L4 load balancers.</summary>
    public IReadOnlyList<BalancerEntry> Balancers { get; init; } = [];

    /// <summary>The application request routers (L7); the key is left out of the file while there are none.</summary>
    public IReadOnlyList<RouterEntry> Routers { get; init; } = [];
}
