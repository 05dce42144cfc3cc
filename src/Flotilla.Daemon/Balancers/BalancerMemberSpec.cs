using System.Text.Json.Serialization;

namespace Flotilla.Daemon.Balancers;

/// <summary>A pool member; without a port it takes the rule's backend port.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BalancerMemberSpec
{
    public string? Address { get; init; }
    public int? Port { get; init; }
    public int? Weight { get; init; }
}
