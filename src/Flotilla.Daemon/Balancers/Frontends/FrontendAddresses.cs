using System.Net;
using System.Net.Sockets;

namespace Flotilla.Daemon.Balancers.Frontends;

/// <summary>When two bound addresses take the same port from each other, as Linux decides it for a bind.</summary>
internal static class FrontendAddresses
{
    /// <summary>
    /// The same address, or a wildcard on either side. An IPv4-mapped IPv6 address is its IPv4 address, and the IPv6
    /// wildcard <c>::</c> also takes IPv4 (a dual-stack socket, Linux's default), so it overlaps every IPv4 address.
    /// Any other IPv6 address shares no port with an IPv4 one.
    /// </summary>
    public static bool Overlap(IPAddress a, IPAddress b)
    {
        a = Plain(a);
        b = Plain(b);
        if (a.Equals(b)) return true;
        if (a.AddressFamily == b.AddressFamily) return IsAny(a) || IsAny(b);
        // One of each family: only the IPv6 wildcard reaches over.
        return a.Equals(IPAddress.IPv6Any) || b.Equals(IPAddress.IPv6Any);
    }

    private static bool IsAny(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    private static IPAddress Plain(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
