using System.Text.Json.Serialization;

namespace Flotilla.Balancer.Contract.Config;

/// <summary>A load-balancing rule, <c>protocol + frontendPort -> backendPort</c> onto a pool; absent values take flotilla-lb's defaults.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RuleEntry
{
    public string? Name { get; init; }

    public string? Protocol { get; init; }

    public int? FrontendPort { get; init; }

    public int? BackendPort { get; init; }

    public string? BackendPool { get; init; }

    public string? Probe { get; init; }

    public string? Distribution { get; init; }

    public int? IdleTimeoutMinutes { get; init; }

    public int? IdleTimeoutSeconds { get; init; }

    public bool? EnableTcpReset { get; init; }

    public bool? SendProxyProtocol { get; init; }

    public int? DrainTimeoutSeconds { get; init; }

    public int? ConnectTimeoutSeconds { get; init; }
}
