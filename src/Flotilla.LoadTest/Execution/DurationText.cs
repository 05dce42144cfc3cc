using System.Globalization;
using System.Text.RegularExpressions;

namespace Flotilla.LoadTest.Execution;

/// <summary>k6's duration strings: <c>10s</c>, <c>1m30s</c>, <c>500ms</c>, <c>2h</c>, <c>1.5s</c>; a bare number is seconds.</summary>
public static partial class DurationText
{
    [GeneratedRegex(@"^(?:(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns))+$")]
    private static partial Regex Whole();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)")]
    private static partial Regex Part();

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds < 0 || double.IsNaN(seconds) || seconds > 1e7) return false;
            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }
        if (!Whole().IsMatch(text)) return false;
        double total = 0;
        foreach (Match m in Part().Matches(text))
        {
            var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += m.Groups[2].Value switch
            {
                "h" => value * 3600,
                "m" => value * 60,
                "s" => value,
                "ms" => value / 1e3,
                "us" or "µs" => value / 1e6,
                _ => value / 1e9,
            };
        }
        if (total > 1e7) return false;
        duration = TimeSpan.FromSeconds(total);
        return true;
    }

    /// <exception cref="LoadTestInputException">Not a duration; the message names <paramref name="what"/>.</exception>
    public static TimeSpan Parse(string text, string what) => TryParse(text, out var d)
        ? d
        : throw new LoadTestInputException($"{what}: '{text}' is not a duration (examples: 10s, 1m30s, 500ms)");

    /// <summary>As k6 prints durations: <c>10s</c>, <c>1m30s</c>, <c>250ms</c>.</summary>
    public static string Format(TimeSpan d)
    {
        if (d < TimeSpan.FromSeconds(1)) return $"{d.TotalMilliseconds.ToString("0.##", CultureInfo.InvariantCulture)}ms";
        var parts = "";
        if (d.TotalHours >= 1) parts += $"{(int)d.TotalHours}h";
        if (d.Minutes > 0) parts += $"{d.Minutes}m";
        var seconds = d.Seconds + d.Milliseconds / 1000.0;
        if (seconds > 0 || parts.Length == 0) parts += $"{seconds.ToString("0.###", CultureInfo.InvariantCulture)}s";
        return parts;
    }
}
