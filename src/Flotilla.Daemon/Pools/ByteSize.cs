using System.Globalization;
using System.Text.RegularExpressions;

namespace Flotilla.Daemon.Pools;

/// <summary>
/// Sizes as people write them, as <c>qemu-img</c> reads them: bytes, or a number with K, M, G or T, powers of 1024
/// (<c>20G</c>, <c>1.5T</c>, <c>512KiB</c>). <c>GB</c> is refused rather than guessed: it means 10^9 to some and 2^30 to others.
/// </summary>
internal static partial class ByteSize
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    [GeneratedRegex(@"^(?<number>\d+(\.\d+)?)\s*((?<unit>[KMGTkmgt])(iB)?|B)?$")]
    private static partial Regex Pattern();

    /// <summary>The size in bytes; false for anything else, and for sizes under one byte or beyond a long.</summary>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        var match = Pattern().Match(text?.Trim() ?? "");
        if (!match.Success || !decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return false;
        var shift = match.Groups["unit"].Success ? "KMGT".IndexOf(char.ToUpperInvariant(match.Groups["unit"].Value[0]), StringComparison.Ordinal) * 10 + 10 : 0;
        if (number > (decimal)long.MaxValue / (1L << shift)) return false;
        var value = number * (1L << shift);
        if (value < 1) return false;
        bytes = (long)decimal.Truncate(value);
        return true;
    }

    /// <summary>In the largest unit where it is at least 1, to one decimal: <c>512.0 KiB</c>, <c>1.5 GiB</c>; bytes as such.</summary>
    public static string Format(long bytes)
    {
        if (bytes < 1024) return string.Create(CultureInfo.InvariantCulture, $"{bytes} B");
        var unit = Math.Min(Units.Length - 1, (int)Math.Floor(Math.Log2(bytes) / 10));
        return string.Create(CultureInfo.InvariantCulture, $"{bytes / Math.Pow(1024, unit):0.0} {Units[unit]}");
    }
}
