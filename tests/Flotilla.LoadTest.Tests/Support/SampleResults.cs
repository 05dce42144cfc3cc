using Flotilla.LoadTest.Results;

namespace Flotilla.LoadTest.Tests.Support;

/// <summary>
/// Results to feed the report, <c>--out</c> and <c>compare</c> tests: deterministic (curves
/// from sines, no random source), and with markup in every user-provided string, so that an
/// unescaped one breaks the page visibly.
/// </summary>
public static class SampleResults
{
    /// <summary>A tag that would run script (and, under the report's CSP, log an error) if not escaped.</summary>
    public const string Markup = "<img src=x onerror=\"alert(1)\">";

    public static readonly DateTimeOffset Started = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A closed-model run of <paramref name="seconds"/> one-second points: VUs ramping to 50,
    /// ~200 rps, p50 ≈ 12 ms, a latency spike and a burst of 503s in the middle third.
    /// </summary>
    public static LoadTestResult Typical(int seconds = 60)
    {
        var timeline = Enumerable.Range(1, seconds).Select(Point).ToList();
        var requests = timeline.Sum(p => p.Requests);
        var failures = timeline.Sum(p => p.Failures);
        var histogram = Histogram(requests);
        return new LoadTestResult
        {
            Run = new RunInfo
            {
                Target = "http://127.0.0.1:8080/api?q=" + Markup + "&x=1",
                Model = "closed",
                Vus = 50,
                DurationSeconds = seconds,
                Started = Started,
                ElapsedSeconds = seconds + 0.42,
            },
            Metrics = new MetricsSummary
            {
                HttpReqDuration = new TrendSummary(requests, 15.2, 0.31, 12.1, 412.5, 30.4, 41.8, 88.9),
                HttpReqFailed = new RateSummary(failures, requests),
                HttpReqs = new CounterSummary(requests, requests / (seconds + 0.42)),
                IterationDuration = new TrendSummary(requests, 16.0, 0.5, 12.9, 413.0, 31.0, 42.5, 90.1),
                Iterations = new CounterSummary(requests, requests / (seconds + 0.42)),
                DroppedIterations = new CounterSummary(0, 0),
                Vus = new GaugeSummary(50, 1, 50),
                VusMax = new GaugeSummary(50, 50, 50),
                DataSent = new CounterSummary(requests * 120, requests * 120 / (seconds + 0.42)),
                DataReceived = new CounterSummary(requests * 2_350, requests * 2_350 / (seconds + 0.42)),
                Checks = new RateSummary(2 * requests - failures, 2 * requests),
            },
            Checks =
            [
                new CheckResult("status is 200", requests - failures, failures),
                new CheckResult("::api::body " + Markup, requests, 0),
            ],
            Errors = failures == 0 ? [] : [new KindCount("HTTP 503", failures - failures / 4), new KindCount("reset " + Markup, failures / 4)],
            Bodies =
            [
                new BodyCount("backend-1", requests / 2),
                new BodyCount("<h1>backend 2</h1>\n" + Markup, requests - requests / 2 - failures),
                new BodyCount("", failures),
            ],
            Thresholds =
            [
                new ThresholdResult("http_req_duration", "p(95)<500", true, 41.8),
                new ThresholdResult("http_req_failed", "rate<0.01 && " + Markup, false, (double)failures / requests),
            ],
            Timeline = timeline,
            LatencyHistogram = histogram,
        };
    }

    /// <summary>A run that ended before any request completed: every list empty, every metric zero.</summary>
    public static LoadTestResult Empty() => new()
    {
        Run = new RunInfo
        {
            Target = "http://127.0.0.1:1/",
            Model = "open",
            Vus = 0,
            DurationSeconds = 0,
            Rate = 10,
            Started = Started,
            ElapsedSeconds = 0,
            Interrupted = true,
        },
        Metrics = new MetricsSummary
        {
            HttpReqDuration = TrendSummary.Empty,
            HttpReqFailed = new RateSummary(0, 0),
            HttpReqs = new CounterSummary(0, 0),
            IterationDuration = TrendSummary.Empty,
            Iterations = new CounterSummary(0, 0),
            DroppedIterations = new CounterSummary(0, 0),
            Vus = new GaugeSummary(0, 0, 0),
            VusMax = new GaugeSummary(0, 0, 0),
            DataSent = new CounterSummary(0, 0),
            DataReceived = new CounterSummary(0, 0),
            Checks = new RateSummary(0, 0),
        },
    };

    /// <summary>Log-spaced bucket bounds as the runner writes them: ten per decade from 0.1 ms to 100 s.</summary>
    public static IReadOnlyList<double> BucketBounds { get; } =
        [.. Enumerable.Range(-10, 61).Select(i => Math.Round(Math.Pow(10, i / 10.0), 4))];

    private static TimelinePoint Point(int second)
    {
        var wave = Math.Sin(second / 5.0);
        var vus = Math.Min(50, second * 5);
        var rps = Math.Round(vus * 4 + 10 * wave, 1);
        var spike = second % 20 == 10 ? 4 : 1;
        var failures = second is >= 25 and < 35 ? 15 + second % 4 * 5 : 0;
        var p50 = 12 + 2 * wave;
        return new TimelinePoint(second, (long)rps, failures, rps, vus, p50, p50 * 3.2 * spike, p50 * 6.5 * spike, p50 * 8 * spike);
    }

    private static List<LatencyBucket> Histogram(long requests)
    {
        // A log-normal around 12 ms: the shape real latencies take, so most buckets are non-zero
        // and both tails are thin.
        var weights = BucketBounds.Select(b => Math.Exp(-Math.Pow(Math.Log(b / 12), 2) / 1.4)).ToList();
        var total = weights.Sum();
        return [.. BucketBounds.Select((b, i) => new LatencyBucket(b, (long)Math.Round(requests * weights[i] / total)))];
    }
}
