using System.Net;
using System.Net.Sockets;

namespace Flotilla.Core.Networks;

/// <summary>
/// Which addresses of a network's CIDR a VM may hold. As in an Azure subnet, five are reserved: the network address,
/// the gateway (the first address, the bridge's own), the next two (Azure's DNS; kept free for ours), and the
/// broadcast address; so a /24's first VM gets <c>.4</c>. The smallest network is a /29 (three VM addresses).
/// </summary>
public sealed class AddressPlan
{
    public const int SmallestPrefix = 29;
    private const int ReservedAtStart = 4;

    private AddressPlan(IPNetwork network)
    {
        Network = network;
        First = ToUInt(network.BaseAddress);
        Last = First + (uint)((1L << (32 - network.PrefixLength)) - 1);
        Gateway = FromUInt(First + 1);
    }

    public IPNetwork Network { get; }
    public IPAddress Gateway { get; }
    public int PrefixLength => Network.PrefixLength;
    private uint First { get; }
    private uint Last { get; }

    /// <summary>How many addresses VMs may hold.</summary>
    public long Capacity => (long)Last - First + 1 - ReservedAtStart - 1;

    /// <exception cref="InvalidNetworkException">Not an IPv4 CIDR of its network address, or smaller than a /29.</exception>
    public static AddressPlan Parse(string cidr)
    {
        var given = cidr.Split('/')[0];
        if (!IPNetwork.TryParse(cidr, out var network) || network.BaseAddress.AddressFamily != AddressFamily.InterNetwork
            || !IPAddress.TryParse(given, out var givenAddress) || !givenAddress.Equals(network.BaseAddress))
        {
            // IPNetwork.TryParse refuses host bits too: say what the user probably meant.
            var slash = cidr.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && IPAddress.TryParse(cidr[..slash], out var address) && address.AddressFamily == AddressFamily.InterNetwork
                && int.TryParse(cidr[(slash + 1)..], out var prefix) && prefix is >= 0 and <= 32)
            {
                var masked = FromUInt(ToUInt(address) & (prefix == 0 ? 0 : uint.MaxValue << (32 - prefix)));
                throw new InvalidNetworkException($"CIDR '{cidr}' has host bits set: did you mean {masked}/{prefix}?");
            }
            throw new InvalidNetworkException($"invalid CIDR '{cidr}': write an IPv4 prefix such as 10.0.1.0/24");
        }
        if (network.PrefixLength > SmallestPrefix)
        {
            throw new InvalidNetworkException($"CIDR '{cidr}' is too small: a network needs at least a /{SmallestPrefix} (5 addresses are reserved)");
        }
        return new AddressPlan(network);
    }

    /// <summary>Why a VM may not hold <paramref name="address"/>, or null when it may.</summary>
    public string? WhyNotAssignable(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork || !Network.Contains(address)) return $"{address} is outside the network's CIDR {Network}";
        var value = ToUInt(address);
        if (value == First) return $"{address} is the network address of {Network}";
        if (value == First + 1) return $"{address} is the network's gateway";
        if (value < First + ReservedAtStart) return $"{address} is reserved (the first four addresses of a network are)";
        if (value == Last) return $"{address} is the broadcast address of {Network}";
        return null;
    }

    /// <summary>The addresses VMs may hold, lowest first.</summary>
    public IEnumerable<IPAddress> Assignable()
    {
        for (var value = First + ReservedAtStart; value < Last; value++) yield return FromUInt(value);
    }

    /// <summary>The lowest assignable address not in <paramref name="held"/>, or null when the network is full.</summary>
    public IPAddress? NextFree(IReadOnlySet<IPAddress> held) => Assignable().FirstOrDefault(a => !held.Contains(a));

    /// <summary>The gateway with the prefix length, as the bridge holds it (<c>10.0.1.1/24</c>).</summary>
    public string GatewayWithPrefix => $"{Gateway}/{PrefixLength}";

    private static uint ToUInt(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    private static IPAddress FromUInt(uint value)
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
