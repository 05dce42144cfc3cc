namespace Flotilla.LoadTest.Report;

/// <summary>
/// Lines over time as inline SVG: a time x axis in seconds, a left y axis and, when a series asks
/// for it, a right one. Each series is one <c>&lt;polyline&gt;</c> per unbroken run of points.
/// </summary>
internal sealed class SvgLineChart
{
    // Below this many points a line is too short to see where the samples are; dots show them
    // (and a one-point series would otherwise draw nothing at all).
    private const int MarkerThreshold = 20;

    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string YTitle { get; init; }
    public string XTitle { get; init; } = "time since start";
    public string? RightTitle { get; init; }
    public required IReadOnlyList<ChartSeries> Series { get; init; }
    public Func<double, string> YFormat { get; init; } = ReportFormat.Compact;
    public Func<double, string> RightFormat { get; init; } = ReportFormat.Compact;
    public bool RightIntegers { get; init; }
    public string EmptyMessage { get; init; } = "No data";

    /// <summary>Vertical lines at x positions (seconds): the stack's events, each with its short label and hover text.</summary>
    public IReadOnlyList<ChartMarker> Markers { get; init; } = [];

    public string Render()
    {
        var canvas = new SvgCanvas(Id, Title, ChartFrame.Width, ChartFrame.Height);
        var hasRight = Series.Any(s => s.RightAxis && Finite(s).Any());
        var frame = new ChartFrame(canvas, hasRight);
        frame.Title(Title);
        var all = Series.SelectMany(Finite).ToList();
        if (all.Count == 0)
        {
            frame.Empty(EmptyMessage);
            return canvas.Finish();
        }

        frame.Legend([.. Series.Select(s => (s.Name, s.Color, s.Dashed))]);

        // Time starts at zero so the x axis reads as "seconds into the run"; values start at zero
        // so a line's height compares with the others' (a trimmed axis exaggerates small changes).
        var shown = Markers.Where(m => double.IsFinite(m.Position)).ToList();
        var (first, last) = (all.Min(p => p.X), all.Max(p => p.X));
        if (shown.Count > 0)
        {
            // An event in the graceful stop, after the last sample, still gets its place on the axis.
            (first, last) = (Math.Min(first, shown.Min(m => m.Position)), Math.Max(last, shown.Max(m => m.Position)));
        }
        if (first == last)
        {
            // One sample time: leave as much room after it as before, so its dots sit mid-chart
            // rather than on the right edge among the right axis's labels.
            last += Math.Max(1, Math.Abs(last));
        }

        var x = ChartAxis.Time(Math.Min(0, first), last);
        var left = YAxisFor(Series.Where(s => !s.RightAxis), integers: false);
        var right = hasRight ? YAxisFor(Series.Where(s => s.RightAxis), RightIntegers) : null;

        frame.YAxis(left, YFormat, YTitle);
        if (right is not null)
        {
            frame.YAxis(right, RightFormat, RightTitle ?? "", right: true);
        }

        frame.XAxis(x.Ticks.Select(t => (x.Fraction(t), ReportFormat.Duration(t))), XTitle);

        // Right-axis series first: they are context (VUs) and should sit under the main lines.
        foreach (var series in Series.OrderBy(s => s.RightAxis ? 0 : 1))
        {
            var y = series.RightAxis ? right : left;
            if (y is not null)
            {
                Draw(canvas, frame, series, x, y);
            }
        }

        DrawMarkers(canvas, frame, shown, x);
        return canvas.Finish();
    }

    /// <summary>
    /// Over the lines, so an event is never hidden: a dashed line with a white halo, then, over every line, its label
    /// at the top (staggered over three rows, since events come in bursts: a probe down, then a reload), with the
    /// hover text on both.
    /// </summary>
    private static void DrawMarkers(SvgCanvas canvas, ChartFrame frame, IReadOnlyList<ChartMarker> markers, ChartAxis x)
    {
        var xs = markers.Select(m => frame.X(x.Fraction(m.Position))).ToList();
        for (var i = 0; i < markers.Count; i++)
        {
            canvas.BeginGroup("event-marker", markers[i].Label, markers[i].Tooltip);
            canvas.Line(xs[i], frame.PlotTop, xs[i], frame.PlotBottom, "marker-halo", "#ffffff");
            canvas.Line(xs[i], frame.PlotTop, xs[i], frame.PlotBottom, "marker", markers[i].Color, dashed: true);
            canvas.EndGroup();
        }

        for (var i = 0; i < markers.Count; i++)
        {
            canvas.BeginGroup("event-label", markers[i].Label, markers[i].Tooltip);
            canvas.Text(xs[i] + 3, frame.PlotTop + 11 + 12 * (i % 3), markers[i].Label, "marker-label");
            canvas.EndGroup();
        }
    }

    private static void Draw(SvgCanvas canvas, ChartFrame frame, ChartSeries series, ChartAxis x, ChartAxis y)
    {
        canvas.BeginGroup("series", series.Name);
        var run = new List<(double X, double Y)>();
        foreach (var point in series.Points.Append(new ChartPoint(0, double.NaN)))
        {
            if (double.IsFinite(point.X) && double.IsFinite(point.Y))
            {
                run.Add((frame.X(x.Fraction(point.X)), frame.Y(y.Fraction(point.Y))));
                continue;
            }

            // A gap (a second without responses has no latency): end this line, start another.
            if (run.Count > 1)
            {
                canvas.Polyline(run, series.Color, series.Dashed);
            }

            if (run.Count == 1 || (run.Count > 0 && series.Points.Count <= MarkerThreshold))
            {
                foreach (var (px, py) in run)
                {
                    canvas.Circle(px, py, 3, series.Color);
                }
            }

            run.Clear();
        }

        canvas.EndGroup();
    }

    private static ChartAxis YAxisFor(IEnumerable<ChartSeries> series, bool integers)
    {
        var values = series.SelectMany(Finite).Select(p => p.Y).ToList();
        return values.Count == 0
            ? ChartAxis.Linear(0, 1, integers: integers)
            : ChartAxis.Linear(Math.Min(0, values.Min()), values.Max(), integers: integers);
    }

    private static IEnumerable<ChartPoint> Finite(ChartSeries series) =>
        series.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y));
}
