using System.Text.Json.Serialization;

namespace Flotilla.Balancer.Contract.Config;

/// <summary>A health probe (<c>tcp</c>, <c>http</c> or <c>https</c>); absent values take flotilla-lb's defaults.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ProbeEntry
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
