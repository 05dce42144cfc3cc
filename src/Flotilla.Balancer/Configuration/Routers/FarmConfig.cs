namespace Flotilla.Balancer.Configuration.Routers;

/// <summary>How a farm picks a member for a request that no affinity pins.</summary>
public enum FarmAlgorithm
{
    RoundRobin,
    WeightedRoundRobin,
    LeastRequests,
    LeastResponseTime,
    PowerOfTwoChoices,
    Hash,
}

public enum AffinityMode
{
    Cookie,
    HostName,
}

/// <summary>A server farm (ARR's term; a YARP cluster): content servers and how requests spread over them.</summary>
public sealed record FarmConfig
{
    public required string Name { get; init; }

    /// <summary>The network namespace the members live in, as a balancer pool's <c>namespace</c>; null: the router's own.</summary>
    public string? Namespace { get; init; }

    public IReadOnlyList<FarmMemberConfig> Members { get; init; } = [];

    public FarmAlgorithm Algorithm { get; init; } = FarmAlgorithm.RoundRobin;

    /// <summary>For <see cref="FarmAlgorithm.Hash"/>: <c>url</c>, <c>query</c>, <c>header:NAME</c> or <c>var:NAME</c>.</summary>
    public string? HashOn { get; init; }

    public AffinityConfig? Affinity { get; init; }

    public ActiveHealthConfig? ActiveHealth { get; init; }

    public PassiveHealthConfig? PassiveHealth { get; init; }

    /// <summary>Other members an idempotent request may try after a failed connect.</summary>
    public int Retries { get; init; } = 2;

    public int ConnectTimeoutSeconds { get; init; } = 5;

    /// <summary>How long a request may go without a byte either way (YARP's activity timeout).</summary>
    public int RequestTimeoutSeconds { get; init; } = 100;
}

public sealed record FarmMemberConfig
{
    public required string Address { get; init; }

    public required int Port { get; init; }

    public int Weight { get; init; } = 1;

    /// <summary>The member's id in YARP, in metrics and in /status.</summary>
    public string Key => $"{Address}:{Port}";
}

public sealed record AffinityConfig
{
    public required AffinityMode Mode { get; init; }

    /// <summary>ARR's default cookie name.</summary>
    public string CookieName { get; init; } = "ARRAffinity";
}

/// <summary>ARR's health test: a URL requested every interval; healthy when status and body are as expected.</summary>
public sealed record ActiveHealthConfig
{
    public string Path { get; init; } = "/";

    public int IntervalSeconds { get; init; } = 5;

    public int TimeoutSeconds { get; init; } = 5;

    /// <summary><c>200</c> or a range <c>200-399</c>.</summary>
    public string ExpectStatus { get; init; } = "200-399";

    public string? ExpectBody { get; init; }
}

/// <summary>Live traffic as a health signal: this many failed requests in a row eject a member for a while.</summary>
public sealed record PassiveHealthConfig
{
    public int ConsecutiveFailures { get; init; } = 3;

    public int EjectForSeconds { get; init; } = 30;
}
