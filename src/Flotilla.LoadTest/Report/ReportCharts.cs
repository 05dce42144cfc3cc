using Flotilla.LoadTest.Results;

namespace Flotilla.LoadTest.Report;

/// <summary>Turns a result's timeline and histogram into the report's three charts.</summary>
internal static class ReportCharts
{
    public const string LatencyId = "chart-latency";
    public const string ThroughputId = "chart-throughput";
    public const string HistogramId = "chart-histogram";
    public const string BackendLatencyId = "chart-backend-latency";
    public const string BackendThroughputId = "chart-backend-throughput";

    // From two seconds up, milliseconds make long unreadable tick labels (20000); seconds do not.
    private const double SecondsFrom = 2000;

    public static string Latency(IReadOnlyList<TimelinePoint> timeline, IReadOnlyList<RunEvent>? events = null)
    {
        // A second in which nothing completed has no latency (the model stores zero): a gap, not
        // a dive to 0 ms that would look like the fastest second of the run.
        var served = timeline.Where(p => p.Requests > 0).ToList();
        var peak = served.Select(p => Math.Max(p.P99, Math.Max(p.P95, p.P50))).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var divisor = peak >= SecondsFrom ? 1000 : 1;

        ChartSeries Percentile(string name, string color, Func<TimelinePoint, double> value) => new(
            name,
            color,
            [.. timeline.Select(p => new ChartPoint(p.Seconds, p.Requests > 0 ? value(p) / divisor : double.NaN))]);

        return new SvgLineChart
        {
            Id = LatencyId,
            Title = "Latency over time (http_req_duration per second)",
            YTitle = divisor == 1 ? "latency (ms)" : "latency (s)",
            Series =
            [
                Percentile("p50", ChartColors.Blue, p => p.P50),
                Percentile("p95", ChartColors.Orange, p => p.P95),
                Percentile("p99", ChartColors.Red, p => p.P99),
            ],
            EmptyMessage = "No request completed during the run",
            Markers = EventMarkers.For(events ?? []),
        }.Render();
    }

    public static string Throughput(IReadOnlyList<TimelinePoint> timeline, IReadOnlyList<RunEvent>? events = null)
    {
        List<ChartSeries> series = [new("requests/s", ChartColors.Blue, [.. timeline.Select(p => new ChartPoint(p.Seconds, p.Rps))])];
        if (timeline.Any(p => p.Failures > 0))
        {
            // The model keeps failures as a count per interval and the rate only for all
            // requests; scaling by that rate gives failures per second whatever the interval.
            series.Add(new("failures/s", ChartColors.Red, [.. timeline.Select(p => new ChartPoint(
                p.Seconds, p.Requests > 0 ? p.Rps * p.Failures / p.Requests : 0))]));
        }

        if (timeline.Any(p => p.Vus > 0))
        {
            series.Add(new("VUs", ChartColors.Grey, [.. timeline.Select(p => new ChartPoint(p.Seconds, p.Vus))])
            {
                Dashed = true,
                RightAxis = true,
            });
        }

        return new SvgLineChart
        {
            Id = ThroughputId,
            Title = "Throughput over time",
            YTitle = "requests per second",
            RightTitle = "active VUs",
            RightIntegers = true,
            Series = series,
            EmptyMessage = "No timeline recorded",
            Markers = EventMarkers.For(events ?? []),
        }.Render();
    }

    /// <summary>p95 per second of each backend: the line that rises is the backend to look at.</summary>
    public static string BackendLatency(IReadOnlyList<BackendSeries> backends, IReadOnlyList<RunEvent> events)
    {
        var peak = backends.SelectMany(b => b.Timeline).Where(p => p.Requests > 0).Select(p => p.P95).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var divisor = peak >= SecondsFrom ? 1000 : 1;
        return new SvgLineChart
        {
            Id = BackendLatencyId,
            Title = "p95 latency per backend",
            YTitle = divisor == 1 ? "p95 latency (ms)" : "p95 latency (s)",
            Series = [.. backends.Select((b, i) => new ChartSeries(b.Backend, BackendColor(i),
                [.. b.Timeline.Select(p => new ChartPoint(p.Seconds, p.Requests > 0 ? p.P95 / divisor : double.NaN))]))],
            EmptyMessage = "No backend named itself in a response",
            Markers = EventMarkers.For(events),
        }.Render();
    }

    /// <summary>Requests per second answered by each backend: a backend taken out of rotation drops to zero.</summary>
    public static string BackendThroughput(IReadOnlyList<BackendSeries> backends, IReadOnlyList<RunEvent> events) => new SvgLineChart
    {
        Id = BackendThroughputId,
        Title = "Throughput per backend",
        YTitle = "requests per second",
        Series = [.. backends.Select((b, i) => new ChartSeries(b.Backend, BackendColor(i), [.. b.Timeline.Select(p => new ChartPoint(p.Seconds, p.Rps))]))],
        EmptyMessage = "No backend named itself in a response",
        Markers = EventMarkers.For(events),
    }.Render();

    private static string BackendColor(int index) => ChartColors.Palette[index % ChartColors.Palette.Count];

    public static string Histogram(IReadOnlyList<LatencyBucket> buckets, TrendSummary duration)
    {
        // Empty buckets at either end stretch the axis without saying anything; inner ones stay,
        // since a hole between two modes is part of the shape.
        var first = IndexOf(buckets, fromEnd: false);
        var last = IndexOf(buckets, fromEnd: true);
        var shown = first < 0 ? [] : buckets.Skip(first).Take(last - first + 1).ToList();
        var bars = shown.Select((b, i) =>
        {
            var lower = first + i > 0 ? buckets[first + i - 1].UpToMs : 0;
            return new ChartBar(
                ReportFormat.MillisecondsShort(b.UpToMs),
                b.Count,
                $"{ReportFormat.MillisecondsShort(lower)} – {ReportFormat.MillisecondsShort(b.UpToMs)}: {ReportFormat.Count(b.Count)} requests");
        }).ToList();

        List<ChartMarker> markers = [];
        if (duration.Count > 0 && shown.Count > 0)
        {
            var lowest = first > 0 ? buckets[first - 1].UpToMs : 0;
            markers.Add(new($"p50 {ReportFormat.Milliseconds(duration.Med)}", Position(shown, lowest, duration.Med), ChartColors.Teal));
            markers.Add(new($"p95 {ReportFormat.Milliseconds(duration.P95)}", Position(shown, lowest, duration.P95), ChartColors.Orange));
            markers.Add(new($"p99 {ReportFormat.Milliseconds(duration.P99)}", Position(shown, lowest, duration.P99), ChartColors.Red));
        }

        return new SvgBarChart
        {
            Id = HistogramId,
            Title = "Latency distribution (http_req_duration)",
            XTitle = "request duration (log-spaced buckets)",
            YTitle = "requests",
            Bars = bars,
            Color = ChartColors.Blue,
            Markers = markers,
            EmptyMessage = "No request completed during the run",
        }.Render();
    }

    /// <summary>
    /// Where <paramref name="ms"/> falls on a bar axis: in its bucket, interpolated on a log
    /// scale since bucket bounds are log-spaced; clamped to the axis ends.
    /// </summary>
    internal static double Position(IReadOnlyList<LatencyBucket> shown, double lowest, double ms)
    {
        if (!double.IsFinite(ms))
        {
            return double.NaN;
        }

        var lower = lowest;
        for (var i = 0; i < shown.Count; i++)
        {
            var upper = shown[i].UpToMs;
            if (ms <= upper)
            {
                var within = lower > 0 && upper > lower && ms > lower
                    ? Math.Log(ms / lower) / Math.Log(upper / lower)
                    : upper > lower ? Math.Max(0, ms - lower) / (upper - lower) : 1;
                return i + Math.Clamp(within, 0, 1);
            }

            lower = upper;
        }

        return shown.Count;
    }

    private static int IndexOf(IReadOnlyList<LatencyBucket> buckets, bool fromEnd)
    {
        for (var n = 0; n < buckets.Count; n++)
        {
            var i = fromEnd ? buckets.Count - 1 - n : n;
            if (buckets[i].Count > 0)
            {
                return i;
            }
        }

        return -1;
    }
}
