using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Flotilla.Core.Networks;

/// <summary>VM MACs: locally administered, in QEMU's 52:54:00 range, lowercase with colons.</summary>
public static partial class MacAddress
{
    public const string Prefix = "52:54:00";

    [GeneratedRegex("^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")]
    private static partial Regex Shape();

    public static string NewRandom()
    {
        var b = RandomNumberGenerator.GetBytes(3);
        return $"{Prefix}:{b[0]:x2}:{b[1]:x2}:{b[2]:x2}";
    }

    public static bool IsValid(string? mac) => mac is not null && Shape().IsMatch(mac);
}
