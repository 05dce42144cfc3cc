namespace Flotilla.LoadTest.Report;

/// <summary>
/// Bars of equal width, one per category, as inline SVG: the latency histogram, whose
/// log-spaced buckets are categories (a linear x axis would squeeze the fast buckets into a pixel).
/// </summary>
internal sealed class SvgBarChart
{
    // A label such as "1.12ms" is about 45 px wide at 12 px; this keeps a gap between neighbours.
    private const double LabelSpacing = 64;

    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string XTitle { get; init; }
    public required string YTitle { get; init; }
    public required IReadOnlyList<ChartBar> Bars { get; init; }
    public required string Color { get; init; }
    public string BarName { get; init; } = "requests";
    public IReadOnlyList<ChartMarker> Markers { get; init; } = [];
    public string EmptyMessage { get; init; } = "No data";

    public string Render()
    {
        var canvas = new SvgCanvas(Id, Title, ChartFrame.Width, ChartFrame.Height);
        var frame = new ChartFrame(canvas, rightAxis: false);
        frame.Title(Title);
        var max = Bars.Select(b => b.Value).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        if (Bars.Count == 0 || max <= 0)
        {
            frame.Empty(EmptyMessage);
            return canvas.Finish();
        }

        frame.Legend([(BarName, Color, false), .. Markers.Select(m => (m.Label, m.Color, true))]);
        var y = ChartAxis.Linear(0, max, integers: true);
        frame.YAxis(y, ReportFormat.Compact, YTitle);

        // A bar's label is its upper bound, so it sits on the bar's right edge, where the next
        // bar begins; markers then read against the ticks exactly.
        var slot = frame.PlotWidth / Bars.Count;
        var every = Math.Max(1, (int)Math.Ceiling(LabelSpacing / slot));
        frame.XAxis(
            Bars.Select((bar, i) => (Fraction: (i + 1.0) / Bars.Count, bar.Label)).Where((_, i) => (Bars.Count - 1 - i) % every == 0),
            XTitle);

        // Bars keep a gap only while they are wide enough for it to show; hundreds of buckets
        // touch, as a histogram should.
        var gap = slot >= 6 ? Math.Min(slot * 0.15, 4) : 0;
        canvas.BeginGroup("series", BarName);
        for (var i = 0; i < Bars.Count; i++)
        {
            var bar = Bars[i];
            var top = frame.Y(y.Fraction(double.IsFinite(bar.Value) ? bar.Value : 0));
            canvas.Rect(frame.PlotLeft + i * slot + gap / 2, top, slot - gap, frame.PlotBottom - top, Color, bar.Tooltip);
        }

        canvas.EndGroup();

        foreach (var marker in Markers.Where(m => double.IsFinite(m.Position)))
        {
            // A white line under the dashes keeps a marker visible where it crosses a bar.
            var x = frame.X(marker.Position / Bars.Count);
            canvas.Line(x, frame.PlotTop, x, frame.PlotBottom, "marker-halo", "#ffffff");
            canvas.Line(x, frame.PlotTop, x, frame.PlotBottom, "marker", marker.Color, dashed: true);
        }

        return canvas.Finish();
    }
}
