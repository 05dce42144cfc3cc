namespace Flotilla.Balancer.Configuration;

/// <summary>The whole data-plane configuration of one <c>flotilla-lb</c> process (lb.yaml).</summary>
public sealed record LbConfig
{
    public AdminConfig? Admin { get; init; }

    public IReadOnlyList<BalancerConfig> Balancers { get; init; } = [];

    /// <summary>Application request routers (L7), beside the L4 balancers.</summary>
    public IReadOnlyList<Routers.RouterConfig> Routers { get; init; } = [];

    /// <summary>Cap on TCP flows held at once (HAProxy's maxconn); default from the descriptor limit. Read at start only.</summary>
    public int? MaxConnections { get; init; }

    /// <summary>The file this was read from, for log lines and reloads.</summary>
    public string Source { get; init; } = "";
}

/// <summary>Where the admin API (/metrics, /healthz, /status, /explain) listens.</summary>
public sealed record AdminConfig(string Address, int Port);
