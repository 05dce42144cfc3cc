using System.Buffers.Binary;
using System.Net;
using Flotilla.Core.Security;

namespace Flotilla.Compute.Networking.Security;

/// <summary>
/// Turns a rule's address prefixes into addresses on one network, resolving the service tags as Azure does for a VNet:
/// <c>VirtualNetwork</c> is the network's CIDR, <c>Internet</c> everything outside it, and <c>AzureLoadBalancer</c> the
/// gateway address, because Flotilla's balancer and health probes open their connections to VMs from there.
/// </summary>
internal sealed class AddressResolver(IPNetwork cidr, IPAddress gateway)
{
    private readonly Intervals _virtualNetwork = Of(cidr);
    private readonly Intervals _balancer = Intervals.Of(uint.MaxValue, [(ToUInt32(gateway), ToUInt32(gateway))]);

    public Intervals Resolve(AddressPrefixes prefixes) => prefixes.IsAny
        ? Intervals.All(uint.MaxValue)
        : prefixes.Prefixes.Select(Resolve).Aggregate((a, b) => a.Union(b));

    public static uint ToUInt32(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    public static IPAddress ToAddress(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    public static Intervals Of(IPNetwork network)
    {
        var first = ToUInt32(network.BaseAddress);
        var size = 1UL << (32 - network.PrefixLength);
        return Intervals.Of(uint.MaxValue, [(first, (uint)(first + size - 1))]);
    }

    private Intervals Resolve(AddressPrefix prefix) => prefix switch
    {
        { Tag: ServiceTag.VirtualNetwork } => _virtualNetwork,
        { Tag: ServiceTag.Internet } => _virtualNetwork.Complement(),
        { Tag: ServiceTag.AzureLoadBalancer } => _balancer,
        { Network: { } network } => Of(network),
        { Tag: { } tag } => throw new ArgumentOutOfRangeException(nameof(prefix), $"no addresses known for tag {tag}"),
        _ => Intervals.All(uint.MaxValue),
    };
}
