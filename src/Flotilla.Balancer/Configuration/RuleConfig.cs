namespace Flotilla.Balancer.Configuration;

public enum RuleProtocol
{
    Tcp,
    Udp,
}

/// <summary>Azure Load Balancer's load distribution modes.</summary>
public enum Distribution
{
    /// <summary>5-tuple: source IP, source port, destination IP, destination port, protocol.</summary>
    Default,

    /// <summary>2-tuple: source IP, destination IP ("client IP" persistence).</summary>
    SourceIP,

    /// <summary>3-tuple: source IP, destination IP, protocol ("client IP and protocol").</summary>
    SourceIPProtocol,
}

/// <summary>A load-balancing rule: <c>protocol + frontendPort -> backendPort</c> onto a pool.</summary>
public sealed record RuleConfig
{
    public required string Name { get; init; }

    public RuleProtocol Protocol { get; init; } = RuleProtocol.Tcp;

    public required int FrontendPort { get; init; }

    /// <summary>Members without a port of their own are reached on this port.</summary>
    public required int BackendPort { get; init; }

    public required string BackendPool { get; init; }

    public string? Probe { get; init; }

    public Distribution Distribution { get; init; } = Distribution.Default;

    /// <summary>From <c>idleTimeoutMinutes</c> (Azure's key) or <c>idleTimeoutSeconds</c>.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>Send RST to both sides when a flow times out idle (Azure's enableTcpReset).</summary>
    public bool EnableTcpReset { get; init; }

    /// <summary>Prefix each backend connection with a PROXY protocol v2 header.</summary>
    public bool SendProxyProtocol { get; init; }

    /// <summary>How long flows to a member removed by a reload may live; default: the idle timeout.</summary>
    public int? DrainTimeoutSeconds { get; init; }

    public int ConnectTimeoutSeconds { get; init; } = 3;

    public TimeSpan DrainTimeout => DrainTimeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : IdleTimeout;
}
