using System.Text.Json.Serialization;

namespace Flotilla.Balancer.Contract.Config;

/// <summary>A pool member; without a port it takes the rule's backend port, without a weight 1.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MemberEntry
{
    public string? Address { get; init; }

    public int? Port { get; init; }

    public int? Weight { get; init; }
}
