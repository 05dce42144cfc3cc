using System.Globalization;
using System.Net.NetworkInformation;

namespace Flotilla.Compute.Networking.Security;

/// <summary>How values are spelled in an nft script: one element bare, several as an anonymous set.</summary>
internal static class NftText
{
    /// <summary><c>10.0.1.0/24</c>, <c>10.0.1.5</c>, or <c>{ 0.0.0.0-10.0.0.255, 10.0.2.0/23 }</c>.</summary>
    public static string Addresses(Intervals addresses) => Set(addresses.Ranges.Select(AddressRange));

    /// <summary><c>80</c>, <c>8000-8080</c>, or <c>{ 80, 443 }</c>.</summary>
    public static string Ports(Intervals ports) => Set(ports.Ranges.Select(r => r.First == r.Last
        ? r.First.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{r.First}-{r.Last}")));

    /// <summary>nft's notation, <c>52:54:00:ab:cd:ef</c>.</summary>
    public static string Mac(PhysicalAddress mac) => string.Join(':', mac.GetAddressBytes().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    public static string Quoted(string text) => text.Contains('"', StringComparison.Ordinal)
        ? throw new ArgumentException($"nft strings cannot hold '\"': {text}", nameof(text))
        : $"\"{text}\"";

    public static string Set(IEnumerable<string> elements)
    {
        var list = elements.ToList();
        return list.Count == 1 ? list[0] : $"{{ {string.Join(", ", list)} }}";
    }

    private static string AddressRange((uint First, uint Last) range)
    {
        var (first, last) = range;
        if (first == last) return AddressResolver.ToAddress(first).ToString();
        var size = (ulong)last - first + 1;
        // A block of 2^n addresses starting on a multiple of 2^n is a CIDR, which reads better than a range.
        if (ulong.IsPow2(size) && first % size == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{AddressResolver.ToAddress(first)}/{32 - (int)ulong.Log2(size)}");
        }
        return $"{AddressResolver.ToAddress(first)}-{AddressResolver.ToAddress(last)}";
    }
}
