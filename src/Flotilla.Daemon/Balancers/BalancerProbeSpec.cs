using System.Text.Json.Serialization;

namespace Flotilla.Daemon.Balancers;

/// <summary>A health probe, key for key flotilla-lb's; absent values take flotilla-lb's defaults.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BalancerProbeSpec
{
    public string? Name { get; init; }
    public string? Protocol { get; init; }
    public int? Port { get; init; }
    public string? Path { get; init; }
    public int? ExpectedStatus { get; init; }
    public int? IntervalSeconds { get; init; }
    public int? TimeoutSeconds { get; init; }
    public int? UnhealthyThreshold { get; init; }
    public int? HealthyThreshold { get; init; }
}
