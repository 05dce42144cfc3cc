using System.Net;
using System.Text.Json;

namespace Flotilla.Compute.Networking;

/// <summary>
/// The point-to-point /30 between the host and a nat network's namespace, from 169.254.240.0/20 (link-local: it
/// means nothing off this link, and the host masquerades it before anything leaves): the host end holds <c>.1</c>,
/// the namespace end <c>.2</c> and routes through it. A new uplink takes the lowest /30 no interface of this
/// namespace holds, so hosts sharing a machine's namespace never pick the same one.
/// </summary>
internal static class UplinkAddresses
{
    public const string Range = "169.254.240.0/20";
    private const uint Base = (169u << 24) | (254u << 16) | (240u << 8);
    private const int Count = 1 << 10;

    public static (string Outside, string Inside) Of(int index)
    {
        var host = Base + (uint)(index * 4) + 1;
        return ($"{Format(host)}/30", $"{Format(host + 1)}/30");
    }

    public static string Gateway(int index) => Format(Base + (uint)(index * 4) + 1);

    /// <summary>The index of the /30 an address of <paramref name="addresses"/> sits in, if any.</summary>
    public static int? IndexOf(IEnumerable<string> addresses)
    {
        foreach (var text in addresses)
        {
            if (!IPAddress.TryParse(text, out var address)) continue;
            var bytes = address.GetAddressBytes();
            if (bytes.Length != 4) continue;
            var value = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
            if (value >= Base && value < Base + Count * 4) return (int)((value - Base) / 4);
        }
        return null;
    }

    /// <summary>The lowest /30 none of <paramref name="held"/> falls in.</summary>
    /// <exception cref="NetworkSetupException">All 1024 are taken.</exception>
    public static int FirstFree(IEnumerable<string> held)
    {
        var used = held.Select(a => IndexOf([a])).OfType<int>().ToHashSet();
        for (var index = 0; index < Count; index++) if (!used.Contains(index)) return index;
        throw new NetworkSetupException($"no free uplink /30 left in {Range}");
    }

    /// <summary>The IPv4 addresses in <c>ip -j addr</c> output.</summary>
    public static IReadOnlyList<string> FromIpJson(string json)
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "[]" : json);
        var list = new List<string>();
        foreach (var link in document.RootElement.EnumerateArray())
        {
            if (!link.TryGetProperty("addr_info", out var infos)) continue;
            foreach (var info in infos.EnumerateArray())
            {
                if (info.TryGetProperty("family", out var family) && family.GetString() == "inet" && info.TryGetProperty("local", out var local))
                {
                    list.Add(local.GetString()!);
                }
            }
        }
        return list;
    }

    private static string Format(uint value) => $"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}";
}
