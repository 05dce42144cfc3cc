namespace Flotilla.LoadTest.Report;

/// <summary>
/// A vertical line across a chart: p95 on the histogram, where <see cref="Position"/> is in bar units (bar <c>i</c>
/// spans [i, i + 1]); an event of the stack on a timeline, where it is seconds since the run's start.
/// </summary>
internal sealed record ChartMarker(string Label, double Position, string Color)
{
    /// <summary>The hover text (an SVG <c>&lt;title&gt;</c>): what the short label stands for.</summary>
    public string? Tooltip { get; init; }
}
