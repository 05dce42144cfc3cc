using System.Globalization;
using System.Net;

namespace Flotilla.LoadTest.Report;

/// <summary>
/// How the report writes numbers and text: invariant culture always (a report made on a German
/// machine must not read "1,5 ms"), a dash for a value that is not a number (a result file may
/// carry NaN), and every user-provided string HTML-encoded.
/// </summary>
internal static class ReportFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public const string Missing = "–";

    /// <summary>HTML-encodes text for an element or a quoted attribute.</summary>
    public static string Html(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        // C0 controls other than tab and newlines are parse errors in HTML and invisible anyway;
        // a body with an escape sequence shows U+FFFD where the control was.
        var clean = text.AsSpan().IndexOfAnyInRange('\0', '\x1f') < 0 ? text : ReplaceControls(text);
        return WebUtility.HtmlEncode(clean);
    }

    /// <summary>A plain number, up to <paramref name="decimals"/> decimals, no exponent.</summary>
    public static string Number(double value, int decimals = 2)
    {
        if (!double.IsFinite(value))
        {
            return Missing;
        }

        var rounded = Math.Round(value, Math.Clamp(decimals, 0, 15));
        return (rounded == 0 ? 0 : rounded).ToString("#,0." + new string('#', decimals), Invariant);
    }

    /// <summary>An integer count with thousands separators: 1,234,567.</summary>
    public static string Count(long value) => value.ToString("#,0", Invariant);

    /// <summary>A count for an axis tick: 950, 1.5k, 2M.</summary>
    public static string Compact(double value)
    {
        if (!double.IsFinite(value))
        {
            return Missing;
        }

        var abs = Math.Abs(value);
        return abs switch
        {
            >= 1e9 => (value / 1e9).ToString("0.##", Invariant) + "G",
            >= 1e6 => (value / 1e6).ToString("0.##", Invariant) + "M",
            >= 1e3 => (value / 1e3).ToString("0.##", Invariant) + "k",
            _ => value.ToString("0.###", Invariant),
        };
    }

    /// <summary>A latency, as k6 prints it: 512µs, 12.34ms, 1.5s, 2m3.5s.</summary>
    public static string Milliseconds(double ms)
    {
        if (!double.IsFinite(ms))
        {
            return Missing;
        }

        var abs = Math.Abs(ms);
        return abs switch
        {
            0 => "0ms",
            < 1 => (ms * 1000).ToString("0.##", Invariant) + "µs",
            < 1000 => ms.ToString("0.##", Invariant) + "ms",
            < 60_000 => (ms / 1000).ToString("0.##", Invariant) + "s",
            _ => Duration(ms / 1000),
        };
    }

    /// <summary>A bucket bound or tick in ms, three significant digits: 1.12ms, 2.51s.</summary>
    public static string MillisecondsShort(double ms) => Milliseconds(Significant(ms, 3));

    /// <summary>
    /// A span of seconds: 45s, 1m30s, 2h5m, 1d2h. <paramref name="precise"/> keeps tenths of a
    /// second below an hour (an elapsed 1m0.4s is not the planned 1m).
    /// </summary>
    public static string Duration(double seconds, bool precise = false)
    {
        if (!double.IsFinite(seconds))
        {
            return Missing;
        }

        if (Math.Abs(seconds) < 60)
        {
            return seconds.ToString("0.##", Invariant) + "s";
        }

        if (precise && Math.Abs(seconds) < 3600)
        {
            var minutes = Math.Floor(Math.Abs(seconds) / 60);
            var rest = Math.Round(Math.Abs(seconds) - minutes * 60, 1);
            return string.Create(Invariant, $"{(seconds < 0 ? "-" : "")}{minutes}m{rest:0.#}s");
        }

        var whole = (long)Math.Round(Math.Min(Math.Abs(seconds), long.MaxValue / 2.0));
        var sign = seconds < 0 ? "-" : "";
        var (d, h, m, s) = (whole / 86400, whole / 3600 % 24, whole / 60 % 60, whole % 60);
        // Two units at most, as a person says it: 1d2h, 2h5m, 1m30s.
        var parts = d > 0 ? (d, "d", h, "h") : h > 0 ? (h, "h", m, "m") : (m, "m", s, "s");
        var text = string.Create(Invariant, $"{sign}{parts.Item1}{parts.Item2}");
        return parts.Item3 > 0 ? string.Create(Invariant, $"{text}{parts.Item3}{parts.Item4}") : text;
    }

    /// <summary>
    /// <paramref name="part"/> of <paramref name="total"/> as a percentage that never rounds a
    /// non-zero part to "0%" nor a missing one to "100%": 3 failures in a million read "&lt;0.01%".
    /// </summary>
    public static string Share(long part, long total)
    {
        if (total <= 0)
        {
            return Missing;
        }

        var percent = 100.0 * part / total;
        return percent switch
        {
            > 0 and < 0.01 => "<0.01%",
            > 99.99 and < 100 => ">99.99%",
            _ => Number(percent) + "%",
        };
    }

    /// <summary>Bytes in decimal units, as k6 prints data_sent: 1.2 MB.</summary>
    public static string Bytes(double bytes)
    {
        if (!double.IsFinite(bytes))
        {
            return Missing;
        }

        string[] units = ["B", "kB", "MB", "GB", "TB", "PB"];
        var unit = 0;
        while (Math.Abs(bytes) >= 1000 && unit < units.Length - 1)
        {
            bytes /= 1000;
            unit++;
        }

        return bytes.ToString(unit == 0 ? "0" : "0.#", Invariant) + " " + units[unit];
    }

    /// <summary>An SVG coordinate: invariant, at most two decimals, and never NaN or Infinity.</summary>
    public static string Coordinate(double value) =>
        // Every coordinate comes from ChartAxis.Fraction, which is finite; this is the backstop
        // that keeps one bad value from making the browser drop the whole shape.
        (double.IsFinite(value) ? Math.Round(value, 2) : 0).ToString("0.##", Invariant);

    private static double Significant(double value, int digits)
    {
        if (!double.IsFinite(value) || value == 0)
        {
            return value;
        }

        var scale = Math.Pow(10, digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(value))));
        return Math.Round(value * scale) / scale;
    }

    private static string ReplaceControls(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c < ' ' && c is not ('\t' or '\n' or '\r') ? '\uFFFD' : c;
            }
        });
}
