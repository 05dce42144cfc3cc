using System.Net;
using System.Net.Sockets;
using Flotilla.Balancer.Configuration;

namespace Flotilla.Balancer.L4.Hashing;

/// <summary>The 5-tuple of a flow as the balancer sees it (destination = the frontend).</summary>
public readonly record struct FlowKey(IPAddress SourceAddress, int SourcePort, IPAddress DestinationAddress, int DestinationPort, RuleProtocol Protocol)
{
    public static FlowKey From(IPEndPoint source, IPEndPoint destination, RuleProtocol protocol) =>
        new(Normalize(source.Address), source.Port, Normalize(destination.Address), destination.Port, protocol);

    /// <summary>IPv4-mapped IPv6 addresses hash as the IPv4 address they are.</summary>
    private static IPAddress Normalize(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    public override string ToString() =>
        $"{Protocol.ToString().ToLowerInvariant()} {SourceAddress}:{SourcePort} -> {DestinationAddress}:{DestinationPort}";
}
