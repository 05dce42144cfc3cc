using System.Globalization;

namespace Flotilla.LoadTest.Results;

/// <summary>Numbers as k6 prints them: durations (<c>11.76ms</c>, <c>3.61s</c>, <c>850µs</c>), data (<c>2.2 MB</c>), rates.</summary>
public static class Units
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Duration(double ms)
    {
        if (ms <= 0) return "0s";
        if (ms < 1) return (ms * 1000).ToString("0.##", Invariant) + "µs";
        if (ms < 1000) return ms.ToString("0.##", Invariant) + "ms";
        if (ms < 60_000) return (ms / 1000).ToString("0.##", Invariant) + "s";
        var minutes = (int)(ms / 60_000);
        return $"{minutes}m{((ms - minutes * 60_000) / 1000).ToString("0.#", Invariant)}s";
    }

    /// <summary>Decimal (SI) units, as k6: <c>558 kB</c>, <c>2.2 MB</c>.</summary>
    public static string Bytes(double bytes)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB"];
        var i = 0;
        while (bytes >= 1000 && i < units.Length - 1) { bytes /= 1000; i++; }
        return (i == 0 ? bytes.ToString("0", Invariant) : bytes.ToString(bytes < 10 ? "0.#" : "0", Invariant)) + " " + units[i];
    }

    public static string Percent(double fraction) => (fraction * 100).ToString("0.00", Invariant) + "%";

    public static string Number(double value, string format = "0.######") => value.ToString(format, Invariant);

    /// <summary>Thousands separated, as the seed's tables: <c>5,900</c>.</summary>
    public static string Count(double value) => Math.Round(value).ToString("#,0", Invariant);
}
