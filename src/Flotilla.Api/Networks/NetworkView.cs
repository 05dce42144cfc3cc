using Flotilla.Core.Networks;

namespace Flotilla.Api.Networks;

/// <summary>A network as the API shows it: its spec, what it is on this host, and the NICs on it.</summary>
public sealed record NetworkView
{
    public required string Name { get; init; }
    public required string Cidr { get; init; }
    public required NetworkMode Mode { get; init; }
    public string? HostBridge { get; init; }
    public string? SecurityGroup { get; init; }
    public required string Gateway { get; init; }
    /// <summary>The namespace on this host (<c>ip netns exec NAMESPACE …</c>, or <c>flotilla network exec</c>).</summary>
    public required string Namespace { get; init; }
    /// <summary>nat: the host's address on the uplink, as VMs reach the host itself.</summary>
    public string? HostAddress { get; init; }
    /// <summary>Whether the namespace exists now.</summary>
    public required bool Ready { get; init; }
    /// <summary>How many addresses VMs may hold, and how many they do.</summary>
    public required long Capacity { get; init; }
    public required IReadOnlyList<NetworkPort> Ports { get; init; }
}
