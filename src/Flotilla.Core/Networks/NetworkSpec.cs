namespace Flotilla.Core.Networks;

/// <summary>
/// What the user wants of a network: one L2 segment with an IPv4 CIDR. On each host it is a network namespace holding
/// a bridge whose address is the <see cref="AddressPlan.Gateway"/>; VM NICs are taps on it.
/// </summary>
public sealed record NetworkSpec
{
    public required string Name { get; init; }
    /// <summary>The network's IPv4 prefix, e.g. <c>10.0.1.0/24</c>; may overlap other networks and the host's LAN.</summary>
    public required string Cidr { get; init; }
    public NetworkMode Mode { get; init; } = NetworkMode.Nat;
    /// <summary>For <see cref="NetworkMode.Bridge"/>: the host bridge the network joins.</summary>
    public string? HostBridge { get; init; }
    /// <summary>The security group every NIC on the network is subject to (Azure's subnet NSG), if any.</summary>
    public string? SecurityGroup { get; init; }
    /// <summary>The stack that owns the network; null for one made by hand.</summary>
    public string? Stack { get; init; }
}
