using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Flotilla.Core.Security;

/// <summary>
/// One entry of a rule's source or destination: any address (<c>*</c>), an IPv4 address, a CIDR, or a
/// <see cref="ServiceTag"/> that each network resolves to its own addresses.
/// </summary>
public sealed record AddressPrefix
{
    public static readonly AddressPrefix Any = new(null, null);

    private AddressPrefix(ServiceTag? tag, IPNetwork? network)
    {
        Tag = tag;
        Network = network;
    }

    public ServiceTag? Tag { get; }
    public IPNetwork? Network { get; }
    public bool IsAny => Tag is null && (Network is null || Network.Value.PrefixLength == 0);

    public static AddressPrefix For(ServiceTag tag) => new(tag, null);

    /// <exception cref="ArgumentException">Not IPv4: Flotilla networks are IPv4 only.</exception>
    public static AddressPrefix For(IPNetwork network) => network.BaseAddress.AddressFamily == AddressFamily.InterNetwork
        ? new(null, network)
        : throw new ArgumentException($"{network} is not IPv4", nameof(network));

    /// <summary><c>*</c>, <c>10.0.0.5</c>, <c>10.0.0.0/24</c>, or a tag (any case; <c>LoadBalancer</c> means <c>AzureLoadBalancer</c>).</summary>
    /// <exception cref="FormatException">None of those; the message says what is wrong and what to write.</exception>
    public static AddressPrefix Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed is "*" || trimmed.Equals("any", StringComparison.OrdinalIgnoreCase)) return Any;
        if (ParseTag(trimmed) is { } tag) return For(tag);
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? trimmed : trimmed[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || (address.AddressFamily == AddressFamily.InterNetwork && addressText.Count(c => c == '.') != 3))
        {
            throw new FormatException($"'{text}' is not an address prefix: use *, an IPv4 address, a CIDR (10.0.0.0/24), a list of them, or a tag ({TagNames})");
        }
        if (address.AddressFamily != AddressFamily.InterNetwork) throw new FormatException($"'{text}' is IPv6: Flotilla networks are IPv4 only");
        var length = 32;
        if (slash >= 0 && !(int.TryParse(trimmed[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out length) && length <= 32))
        {
            throw new FormatException($"'{text}' has no valid prefix length: use 0 to 32, e.g. 10.0.0.0/24");
        }
        var network = new IPNetwork(Mask(address, length), length);
        if (!network.BaseAddress.Equals(address))
        {
            throw new FormatException($"'{text}' has host bits set: write {network}");
        }
        return new AddressPrefix(null, network);
    }

    public override string ToString() => (Tag, Network) switch
    {
        ({ } tag, _) => tag.ToString(),
        (_, { PrefixLength: 32 } network) => network.BaseAddress.ToString(),
        (_, { } network) => network.ToString(),
        _ => "*",
    };

    private static string TagNames => string.Join(", ", Enum.GetNames<ServiceTag>());

    private static ServiceTag? ParseTag(string text) =>
        text.Equals("LoadBalancer", StringComparison.OrdinalIgnoreCase) ? ServiceTag.AzureLoadBalancer
        : Enum.GetValues<ServiceTag>().Cast<ServiceTag?>().FirstOrDefault(tag => tag.ToString()!.Equals(text, StringComparison.OrdinalIgnoreCase));

    private static IPAddress Mask(IPAddress address, int length)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = length; bit < 32; bit++) bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        return new IPAddress(bytes);
    }
}
