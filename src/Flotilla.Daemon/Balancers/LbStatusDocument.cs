namespace Flotilla.Daemon.Balancers;

/// <summary>The part of flotilla-lb's <c>GET /status</c> the daemon reads (docs/flotilla-lb.md, Admin API).</summary>
public sealed record LbStatusDocument
{
    public string? ConfigSha256 { get; init; }
    public long Reloads { get; init; }
    public long RejectedReloads { get; init; }
    public string? LastRejection { get; init; }
    public IReadOnlyList<LbRuleStatus> Rules { get; init; } = [];
    public IReadOnlyList<LbRouterStatus> Routers { get; init; } = [];

    /// <summary>
    /// Every frontend flotilla-lb means to hold and whether it holds it: one that could not bind is retried with
    /// back-off, not a rejected reload. Absent from a flotilla-lb that predates it (then every listener counts as bound).
    /// </summary>
    public IReadOnlyList<LbListenerStatus> Listeners { get; init; } = [];
}

/// <summary>
/// A frontend as flotilla-lb reports it: <c>frontend</c> is <c>tcp 127.0.0.1:80</c>; a balancer's rule names
/// <see cref="Balancer"/> and <see cref="Rule"/>, a router's listener <see cref="Router"/>; <see cref="Error"/> is the
/// last bind failure (<c>address already in use</c>) while not <see cref="Live"/>.
/// </summary>
public sealed record LbListenerStatus
{
    public string Frontend { get; init; } = "";
    public string? Balancer { get; init; }
    public string? Rule { get; init; }
    public string? Router { get; init; }
    public bool Live { get; init; } = true;
    public string? Error { get; init; }
    public int Retries { get; init; }
}

/// <summary>A router as flotilla-lb reports it: listeners, and each farm's members with their health.</summary>
public sealed record LbRouterStatus
{
    public string Name { get; init; } = "";
    public IReadOnlyList<string> Listeners { get; init; } = [];
    public IReadOnlyList<LbFarmStatus> Farms { get; init; } = [];
}

/// <summary>A router's farm as flotilla-lb reports it.</summary>
public sealed record LbFarmStatus
{
    public string Name { get; init; } = "";
    public string? Namespace { get; init; }
    public IReadOnlyList<LbFarmMemberStatus> Members { get; init; } = [];
}

/// <summary>A farm member: <c>address</c> is <c>IP:PORT</c>; <c>active</c> and <c>passive</c> its health checks' verdicts.</summary>
public sealed record LbFarmMemberStatus
{
    public string Member { get; init; } = "";
    public string Address { get; init; } = "";
    public string Active { get; init; } = "";
    public string Passive { get; init; } = "";
    public bool InRotation { get; init; }
}

/// <summary>A rule as flotilla-lb reports it.</summary>
public sealed record LbRuleStatus
{
    public string Balancer { get; init; } = "";
    public string Name { get; init; } = "";
    public string Frontend { get; init; } = "";
    public int ActiveFlows { get; init; }
    public IReadOnlyList<LbMemberStatus> Members { get; init; } = [];

    /// <summary>Whether its frontend is bound; absent from an older flotilla-lb, so true unless it says otherwise.</summary>
    public bool Live { get; init; } = true;

    /// <summary>Why its frontend is not bound (<c>address already in use</c>), while it is not.</summary>
    public string? BindError { get; init; }
}

/// <summary>A member of a rule as flotilla-lb reports it: <c>inRotation</c> is what "up" means here.</summary>
public sealed record LbMemberStatus
{
    public string Address { get; init; } = "";
    public string Health { get; init; } = "";
    public bool InRotation { get; init; }
    public long ActiveFlows { get; init; }
    public string? LastProbeFailure { get; init; }
    /// <summary>When its probe last passed; null without a probe, or before one has passed.</summary>
    public DateTimeOffset? LastProbeSuccess { get; init; }
    public string? Namespace { get; init; }
}
