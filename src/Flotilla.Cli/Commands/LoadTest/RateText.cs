using System.Globalization;

namespace Flotilla.Cli.Commands.LoadTest;

/// <summary><c>--rate</c>: iterations per second, written <c>2000</c>, <c>2000/s</c> or <c>120/m</c>.</summary>
internal static class RateText
{
    public static double Parse(string text)
    {
        var unit = 1.0;
        var number = text.Trim();
        var slash = number.IndexOf('/');
        if (slash >= 0)
        {
            unit = number[(slash + 1)..] switch { "s" => 1, "m" => 60, "h" => 3600, _ => double.NaN };
            number = number[..slash];
        }
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || double.IsNaN(unit) || !(rate > 0) || double.IsInfinity(rate))
        {
            throw new Flotilla.LoadTest.LoadTestInputException($"--rate: '{text}' is not a rate (examples: 2000, 2000/s, 120/m)");
        }
        return rate / unit;
    }
}
