namespace Flotilla.LoadTest.Report;

/// <summary>
/// One axis of a chart: a domain widened to "nice" round tick values (1, 2, 2.5, 5 × 10ⁿ, or
/// clock-friendly steps for time) so that tick labels read as round numbers.
/// </summary>
internal sealed class ChartAxis
{
    /// <summary>
    /// Values are clamped to ±this before any arithmetic: a corrupt result (1e308 ms) must still
    /// give finite ticks and coordinates, and nothing real comes near it (1e12 ms is 31 years).
    /// </summary>
    internal const double Limit = 1e12;

    // Whole seconds, minutes, hours and days: a time axis labelled 0s, 15s, 30s… or 0m, 5m, 10m…
    private static readonly double[] TimeSteps =
        [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

    private ChartAxis(double step, double min, int count)
    {
        Step = step;
        var decimals = Math.Clamp(1 - (int)Math.Floor(Math.Log10(step)), 0, 15);
        var ticks = new double[count];
        for (var i = 0; i < count; i++)
        {
            // Multiplying (not adding) keeps rounding error from accumulating; rounding drops the
            // rest, so a tick reads 0.3 rather than 0.30000000000000004.
            ticks[i] = Math.Round(min + i * step, decimals);
        }

        Ticks = ticks;
        Min = ticks[0];
        Max = ticks[^1];
    }

    /// <summary>The first tick: the domain's low end.</summary>
    public double Min { get; }

    /// <summary>The last tick: the domain's high end, always greater than <see cref="Min"/>.</summary>
    public double Max { get; }

    public double Step { get; }

    public IReadOnlyList<double> Ticks { get; }

    /// <summary>
    /// An axis covering [<paramref name="min"/>, <paramref name="max"/>] with at most
    /// <paramref name="maxTicks"/> ticks. <paramref name="integers"/> keeps the step at least 1,
    /// for counts, where a tick at 0.5 requests would mean nothing.
    /// </summary>
    public static ChartAxis Linear(double min, double max, int maxTicks = 6, bool integers = false)
    {
        (min, max) = Domain(min, max);
        var step = NiceStep((max - min) / Math.Max(1, maxTicks - 1));
        if (integers)
        {
            step = Math.Max(1, step);
        }

        // Widening the ends to whole steps can add a tick; a larger step then fits.
        while (Count(min, max, step) > Math.Max(2, maxTicks))
        {
            step = NiceStep(step * 1.0001);
        }

        return Create(min, max, step);
    }

    /// <summary>An axis in seconds whose ticks fall on whole seconds, minutes, hours or days.</summary>
    public static ChartAxis Time(double minSeconds, double maxSeconds, int maxTicks = 8)
    {
        (minSeconds, maxSeconds) = Domain(minSeconds, maxSeconds);
        var raw = (maxSeconds - minSeconds) / Math.Max(1, maxTicks - 1);
        if (raw < 1)
        {
            // Sub-second spans (a one-point run) keep decimal steps: 0.2 s reads fine.
            return Linear(minSeconds, maxSeconds, maxTicks);
        }

        var step = TimeSteps.FirstOrDefault(s => s >= raw && Count(minSeconds, maxSeconds, s) <= maxTicks);
        if (step == 0)
        {
            // Beyond a day: whole days in nice multiples.
            step = 86400 * NiceStep(raw / 86400);
            while (Count(minSeconds, maxSeconds, step) > maxTicks)
            {
                step = 86400 * NiceStep(step / 86400 * 1.0001);
            }
        }

        return Create(minSeconds, maxSeconds, step);
    }

    /// <summary>Where <paramref name="value"/> falls between <see cref="Min"/> (0) and <see cref="Max"/> (1).</summary>
    public double Fraction(double value)
    {
        var clamped = Math.Clamp(double.IsFinite(value) ? value : 0, -Limit, Limit);
        return (clamped - Min) / (Max - Min);
    }

    /// <summary>The smallest of 1, 2, 2.5, 5 × 10ⁿ that is at least <paramref name="raw"/>.</summary>
    internal static double NiceStep(double raw)
    {
        if (!double.IsFinite(raw) || raw <= 0)
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var factor in (ReadOnlySpan<double>)[1, 2, 2.5, 5, 10])
        {
            // The relative slack absorbs Log10/Pow rounding: raw = 0.3 must give 0.5, not 0.25…1.
            if (factor * magnitude >= raw * (1 - 1e-9))
            {
                return factor * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static (double Min, double Max) Domain(double min, double max)
    {
        min = double.IsFinite(min) ? Math.Clamp(min, -Limit, Limit) : 0;
        max = double.IsFinite(max) ? Math.Clamp(max, -Limit, Limit) : 0;
        if (min > max)
        {
            (min, max) = (max, min);
        }

        if (max - min < 1e-9 * Math.Max(1, Math.Abs(max)))
        {
            // A flat series (all zero, or one point) still needs a span to draw against; around
            // zero that is [0, 1], elsewhere the value sits in the middle.
            var half = min == 0 ? 0 : Math.Abs(min) * 0.1;
            return min == 0 ? (0, 1) : (min - half, max + half);
        }

        return (min, max);
    }

    private static int Count(double min, double max, double step) =>
        (int)(Math.Ceiling(max / step - 1e-9) - Math.Floor(min / step + 1e-9)) + 1;

    private static ChartAxis Create(double min, double max, double step) =>
        new(step, Math.Floor(min / step + 1e-9) * step, Count(min, max, step));
}
