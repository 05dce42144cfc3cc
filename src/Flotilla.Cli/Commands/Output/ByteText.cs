using System.Globalization;

namespace Flotilla.Cli.Commands.Output;

/// <summary>Sizes for people: the largest unit (powers of 1024) the value fills, to one decimal.</summary>
internal static class ByteText
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    public static string Format(long bytes)
    {
        if (bytes < 1024) return string.Create(CultureInfo.InvariantCulture, $"{bytes} B");
        var unit = Math.Min(Units.Length - 1, (int)Math.Floor(Math.Log2(bytes) / 10));
        return string.Create(CultureInfo.InvariantCulture, $"{bytes / Math.Pow(1024, unit):0.0} {Units[unit]}");
    }
}
