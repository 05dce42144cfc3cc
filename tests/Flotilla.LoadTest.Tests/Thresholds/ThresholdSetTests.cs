using Flotilla.LoadTest.Results;
using Flotilla.LoadTest.Thresholds;

namespace Flotilla.LoadTest.Tests.Thresholds;

public sealed class ThresholdSetTests
{
    private static readonly MetricsSummary Summary = new()
    {
        HttpReqDuration = new TrendSummary(Count: 1000, Avg: 120, Min: 2, Med: 100, Max: 900, P90: 300, P95: 450, P99: 800),
        HttpReqFailed = new RateSummary(Matches: 5, Total: 1000),
        HttpReqs = new CounterSummary(Count: 1000, Rate: 100),
        IterationDuration = new TrendSummary(500, 240, 4, 200, 1800, 600, 900, 1600),
        Iterations = new CounterSummary(500, 50),
        DroppedIterations = new CounterSummary(0, 0),
        Vus = new GaugeSummary(Value: 0, Min: 0, Max: 10),
        VusMax = new GaugeSummary(10, 10, 10),
        DataSent = new CounterSummary(80_000, 8_000),
        DataReceived = new CounterSummary(200_000, 20_000),
        Checks = new RateSummary(Matches: 1990, Total: 2000),
    };

    private static double NoPercentile(string metric, double p) => throw new InvalidOperationException($"unexpected percentile lookup {metric} p({p})");

    private static IReadOnlyList<ThresholdResult> Evaluate(params (string Metric, string Expression)[] thresholds) =>
        ThresholdSet.Parse(thresholds.Select(t => new ThresholdDefinition(t.Metric, t.Expression))).Evaluate(Summary, NoPercentile);

    [Fact]
    public void Passing_thresholds_pass_with_their_actual_values()
    {
        var results = Evaluate(
            ("http_req_duration", "p(95)<500"), ("http_req_duration", "avg<200"), ("http_req_duration", "med<=100"),
            ("http_req_duration", "min>1"), ("http_req_duration", "max<1000"), ("http_req_duration", "p(90)<301"), ("http_req_duration", "p(99)<801"),
            ("http_req_failed", "rate<0.01"), ("checks", "rate>0.99"), ("http_reqs", "count>100"), ("http_reqs", "rate>10"),
            ("iterations", "count==500"), ("iteration_duration", "p(95)<1000"), ("dropped_iterations", "count==0"),
            ("data_received", "count>100000"), ("data_sent", "rate>=8000"), ("vus", "value==0"), ("vus_max", "value==10"));
        Assert.All(results, r => Assert.True(r.Passed, $"{r.Metric} '{r.Expression}' (actual {r.Actual})"));
        Assert.Equal(new ThresholdResult("http_req_duration", "p(95)<500", true, 450), results[0]);
        Assert.Equal(0.005, results.Single(r => r.Metric == "http_req_failed").Actual, 9);
        Assert.Equal(0.995, results.Single(r => r.Metric == "checks").Actual, 9);
        Assert.Equal(100, results.Single(r => r.Expression == "rate>10").Actual);
    }

    [Fact]
    public void Failing_thresholds_fail_and_keep_the_expression_as_written()
    {
        var results = Evaluate(("http_req_duration", "p(95) < 400"), ("http_req_failed", "rate<0.001"), ("checks", "rate>0.999"), ("http_reqs", "count>1000"), ("vus_max", "value<10"));
        Assert.All(results, r => Assert.False(r.Passed, $"{r.Metric} '{r.Expression}'"));
        Assert.Equal(new ThresholdResult("http_req_duration", "p(95) < 400", false, 450), results[0]);
    }

    [Fact]
    public void Percentiles_the_summary_lacks_come_from_the_histograms()
    {
        var asked = new List<(string, double)>();
        var set = ThresholdSet.Parse([new("http_req_duration", "p(99.9)<1000"), new("iteration_duration", "p(75)<100"), new("http_req_duration", "p(50)<101"), new("http_req_duration", "p(100)<=900"), new("http_req_duration", "p(0)>=2")]);
        var results = set.Evaluate(Summary, (metric, p) =>
        {
            asked.Add((metric, p));
            return metric == "http_req_duration" ? 880 : 150;
        });
        Assert.Equal([("http_req_duration", 99.9), ("iteration_duration", 75.0)], asked);
        Assert.Equal([true, false, true, true, true], results.Select(r => r.Passed));
        Assert.Equal(880, results[0].Actual);
    }

    [Fact]
    public void No_thresholds_evaluate_to_nothing() => Assert.Empty(ThresholdSet.Empty.Evaluate(Summary, NoPercentile));

    [Theory]
    [InlineData("http_req_duration", "p(95)<<500", "options.thresholds.http_req_duration: 'p(95)<<500' is not a threshold expression")]
    [InlineData("http_req_duration", "p(101)<500", "a percentile is between 0 and 100")]
    [InlineData("http_reqs", "p(95)<500", "http_reqs is a counter metric, which takes count or rate, not p(95)")]
    [InlineData("checks", "count>1", "checks is a rate metric, which takes rate, not count")]
    [InlineData("vus", "max<1", "vus is a gauge metric, which takes value, not max")]
    [InlineData("http_req_failed", "avg<1", "http_req_failed is a rate metric")]
    [InlineData("foo", "count>1", "options.thresholds: unknown metric 'foo' (flotilla loadtest records: checks, data_received")]
    [InlineData("my_trend", "avg<1", "custom metrics from k6/metrics are not supported")]
    [InlineData("http_req_waiting", "avg<1", "metric 'http_req_waiting' is not recorded by flotilla loadtest")]
    [InlineData("http_req_duration{status:200}", "p(95)<500", "'http_req_duration{status:200}': thresholds on tagged sub-metrics are not supported by flotilla loadtest (use the whole metric, e.g. 'http_req_duration')")]
    [InlineData("http_req_duration{ expected_response:true }", "p(95)<500", "tagged sub-metrics")]
    public void Refuses_what_it_cannot_evaluate_in_one_line(string metric, string expression, string message)
    {
        var e = Assert.Throws<LoadTestInputException>(() => ThresholdSet.Parse([new ThresholdDefinition(metric, expression)]));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void AbortOnFail_is_accepted_with_a_note()
    {
        var set = ThresholdSet.Parse([new("http_req_failed", "rate<0.01", AbortOnFail: true), new("checks", "rate>0.9")]);
        Assert.Equal(2, set.Thresholds.Count);
        var note = Assert.Single(set.Notes);
        Assert.Contains("abortOnFail", note, StringComparison.Ordinal);
        Assert.Contains("http_req_failed 'rate<0.01'", note, StringComparison.Ordinal);
        Assert.Empty(ThresholdSet.Parse([new("checks", "rate>0.9")]).Notes);
    }
}
