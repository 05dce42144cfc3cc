namespace Flotilla.Balancer.Configuration.Routers;

/// <summary>
/// One application request router (ARR's model, on YARP): listeners, ordered rules, server farms.
/// Rules are tried in order and the first whose conditions all hold acts (ARR's semantics).
/// </summary>
public sealed record RouterConfig
{
    public required string Name { get; init; }

    public IReadOnlyList<RouterListenerConfig> Listeners { get; init; } = [];

    public IReadOnlyList<RouterRuleConfig> Rules { get; init; } = [];

    public IReadOnlyList<FarmConfig> Farms { get; init; } = [];

    /// <summary>
    /// Where host-name affinity keeps its table (a SQLite file), shared by router nodes that name
    /// the same file: ARR's external cache. Default under /run so two routers on one host agree.
    /// </summary>
    public required string AffinityStore { get; init; }
}

/// <summary>An address and port the router accepts HTTP on; with <see cref="Tls"/> it terminates TLS there.</summary>
public sealed record RouterListenerConfig
{
    public required string Address { get; init; }

    public required int Port { get; init; }

    public RouterTlsConfig? Tls { get; init; }
}

/// <summary>The certificates of a TLS listener; the client's SNI host name picks one, the first is the default.</summary>
public sealed record RouterTlsConfig
{
    public IReadOnlyList<CertificateConfig> Certificates { get; init; } = [];
}

/// <summary>A PEM certificate (leaf first, then intermediates) and its PEM key, served for <see cref="Hosts"/>.</summary>
public sealed record CertificateConfig
{
    /// <summary>Host names, exact or <c>*.example.com</c> (one label).</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    public required string CertPath { get; init; }

    public required string KeyPath { get; init; }
}
