namespace Flotilla.LoadTest.Report;

/// <summary>
/// A vertical line across a <see cref="SvgBarChart"/> (p95 on the histogram). <see cref="Position"/>
/// is in bar units: bar <c>i</c> spans [i, i + 1].
/// </summary>
internal sealed record ChartMarker(string Label, double Position, string Color);
