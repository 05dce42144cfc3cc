using Flotilla.LoadTest.Report;
using Flotilla.LoadTest.Results;
using Flotilla.LoadTest.Tests.Support;

namespace Flotilla.LoadTest.Tests.Report;

public sealed class ReportChartsTests
{
    [Fact]
    public void Latency_chart_draws_p50_p95_p99_with_one_point_per_second()
    {
        var svg = SvgMarkup.Parse(ReportCharts.Latency(SampleResults.Typical(60).Timeline));

        foreach (var series in new[] { "p50", "p95", "p99" })
        {
            Assert.Equal(60, Assert.Single(svg.InSeries(series, "polyline")).Points().Count);
        }

        Assert.Contains("latency (ms)", svg.Texts("axis-title"));
    }

    [Fact]
    public void A_second_without_responses_is_a_gap_not_a_zero_latency()
    {
        var timeline = SampleResults.Typical(10).Timeline
            .Select(p => p.Seconds == 5 ? p with { Requests = 0, Rps = 0, P50 = 0, P95 = 0, P99 = 0 } : p).ToList();

        var svg = SvgMarkup.Parse(ReportCharts.Latency(timeline));

        Assert.Equal([4, 5], svg.InSeries("p99", "polyline").Select(l => l.Points().Count));
    }

    [Fact]
    public void Latencies_of_seconds_switch_the_axis_to_seconds()
    {
        var timeline = SampleResults.Typical(10).Timeline.Select(p => p with { P99 = 45_000 }).ToList();

        var svg = SvgMarkup.Parse(ReportCharts.Latency(timeline));

        Assert.Contains("latency (s)", svg.Texts("axis-title"));
        Assert.Contains("50", svg.Texts("tick"));
        Assert.DoesNotContain(svg.Texts("tick"), t => t.Contains("45000", StringComparison.Ordinal));
    }

    [Fact]
    public void Throughput_shows_failures_and_VUs_only_when_there_are_any()
    {
        var timeline = SampleResults.Typical(60).Timeline;
        var quiet = timeline.Select(p => p with { Failures = 0, Vus = 0 }).ToList();

        var full = SvgMarkup.Parse(ReportCharts.Throughput(timeline));
        var plain = SvgMarkup.Parse(ReportCharts.Throughput(quiet));

        Assert.Equal(["requests/s", "failures/s", "VUs"], full.Texts("legend"));
        Assert.Equal(["requests/s"], plain.Texts("legend"));
        Assert.Equal(60, Assert.Single(full.InSeries("failures/s", "polyline")).Points().Count);
    }

    [Fact]
    public void The_stack_events_are_numbered_markers_on_the_latency_and_throughput_charts()
    {
        var events = Events();

        foreach (var chart in new[] { ReportCharts.Latency(SampleResults.Typical(30).Timeline, events), ReportCharts.Throughput(SampleResults.Typical(30).Timeline, events) })
        {
            var svg = SvgMarkup.Parse(chart);
            var markers = svg.All("g").Where(g => (string?)g.Attribute("class") == "event-marker").ToList();
            Assert.Equal(["1", "2"], markers.Select(g => (string?)g.Attribute("data-name")));
            Assert.Contains("probe.down balancer/web: 10.0.1.5 (rule http) down", markers[0].Element(SvgMarkup.Ns + "title")!.Value);
            Assert.Equal(["1", "2"], svg.Texts("marker-label"));
        }
    }

    [Fact]
    public void Each_backend_has_its_own_latency_and_throughput_line()
    {
        var backends = new[]
        {
            new BackendSeries("Hello from VM 0", 20, 0, TrendSummary.Empty, [new(1, 10, 0, 10, 2, 3, 4), new(2, 10, 0, 10, 2, 3, 4)]),
            new BackendSeries("Hello from VM 1", 11, 0, TrendSummary.Empty, [new(1, 10, 0, 10, 2, 3, 4), new(2, 1, 0, 1, 900, 950, 990), new(3, 0, 0, 0, 0, 0, 0)]),
        };

        var latency = SvgMarkup.Parse(ReportCharts.BackendLatency(backends, Events()));
        var throughput = SvgMarkup.Parse(ReportCharts.BackendThroughput(backends, Events()));

        Assert.Equal(["Hello from VM 0", "Hello from VM 1"], latency.Texts("legend"));
        // A second in which the backend answered nothing is a gap in its latency, a zero in its rate.
        Assert.Equal([2], latency.InSeries("Hello from VM 1", "polyline").Select(l => l.Points().Count));
        Assert.Equal(3, Assert.Single(throughput.InSeries("Hello from VM 1", "polyline")).Points().Count);
        Assert.NotEqual((string?)latency.InSeries("Hello from VM 0", "polyline").Single().Attribute("stroke"),
            (string?)latency.InSeries("Hello from VM 1", "polyline").First().Attribute("stroke"));
        Assert.Equal(2, throughput.All("g").Count(g => (string?)g.Attribute("class") == "event-marker"));
    }

    private static IReadOnlyList<RunEvent> Events() =>
    [
        new(12.5, SampleResults.Started.AddSeconds(12.5), "probe.down", "balancer/web", "10.0.1.5 (rule http) down"),
        new(13, SampleResults.Started.AddSeconds(13), "lb.reloaded", "flotilla-lb", "pid 42: web"),
    ];

    [Fact]
    public void Histogram_trims_empty_end_buckets_and_keeps_inner_ones()
    {
        LatencyBucket[] buckets = [new(1, 0), new(2, 0), new(5, 7), new(10, 0), new(20, 3), new(50, 0)];

        var svg = SvgMarkup.Parse(ReportCharts.Histogram(buckets, new TrendSummary(10, 8, 3, 4, 18, 15, 17, 18)));

        var bars = svg.InSeries("requests", "rect").ToList();
        Assert.Equal(3, bars.Count);
        Assert.Equal("2ms – 5ms: 7 requests", bars[0].Value);
        Assert.Equal(["requests", "p50 4ms", "p95 17ms", "p99 18ms"], svg.Texts("legend"));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(4, 2)]
    [InlineData(8, 3)]
    [InlineData(0.5, 0)]
    [InlineData(100, 3)]
    public void Marker_position_interpolates_within_log_spaced_buckets(double ms, double position)
    {
        LatencyBucket[] shown = [new(2, 1), new(4, 1), new(8, 1)];

        Assert.Equal(position, ReportCharts.Position(shown, lowest: 1, ms), 9);
    }

    [Fact]
    public void Empty_histogram_says_so() =>
        Assert.Equal(
            ["No request completed during the run"],
            SvgMarkup.Parse(ReportCharts.Histogram([], TrendSummary.Empty)).Texts("empty-message"));
}
