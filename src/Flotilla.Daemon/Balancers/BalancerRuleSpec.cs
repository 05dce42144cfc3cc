using System.Text.Json.Serialization;

namespace Flotilla.Daemon.Balancers;

/// <summary>A load-balancing rule, key for key flotilla-lb's; absent values take flotilla-lb's defaults.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BalancerRuleSpec
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
