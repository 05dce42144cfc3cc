namespace Flotilla.Balancer.Contract.Status;

/// <summary>
/// flotilla-lb's <c>GET /status</c> document (docs/flotilla-lb.md, Admin API): every rule and member with health and
/// counters, the listeners, the routers. flotilla-lb writes it and flotillad reads it with the web JSON defaults
/// (camelCase); properties are declared in the order the document has always listed them.
/// </summary>
public sealed record StatusReport
{
    /// <summary>The file the live config was read from; empty before a config is live.</summary>
    public string Config { get; init; } = "";

    public int MaxConnections { get; init; }

    public int TcpFlows { get; init; }

    public IReadOnlyList<RuleStatus> Rules { get; init; } = [];

    /// <summary>SHA-256 (hex) of the live config's bytes; null before a config is live.</summary>
    public string? ConfigSha256 { get; init; }

    public long Reloads { get; init; }

    public long RejectedReloads { get; init; }

    public string? LastRejection { get; init; }

    /// <summary>
    /// Every frontend listener, the balancers' rules' and the routers': whether it is bound (live),
    /// why not (a frontend whose address is in use is retried until it binds), and how often it was retried.
    /// Absent from a flotilla-lb that predates it: then every listener counts as bound.
    /// </summary>
    public IReadOnlyList<ListenerStatus> Listeners { get; init; } = [];

    /// <summary>The application request routers (L7): listeners, rules, farms and member health.</summary>
    public IReadOnlyList<RouterStatus> Routers { get; init; } = [];
}
