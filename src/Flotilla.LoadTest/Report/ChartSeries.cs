namespace Flotilla.LoadTest.Report;

/// <summary>One line of a <see cref="SvgLineChart"/>: its legend name, colour and points in x order.</summary>
internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<ChartPoint> Points)
{
    /// <summary>Drawn dashed, for a quantity of another kind than the solid lines (VUs beside RPS).</summary>
    public bool Dashed { get; init; }

    /// <summary>Measured against the right-hand axis, so a line of another scale does not flatten the rest.</summary>
    public bool RightAxis { get; init; }
}
