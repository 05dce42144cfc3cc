using HdrHistogram;
using Flotilla.LoadTest.Results;

namespace Flotilla.LoadTest.Metrics;

/// <summary>
/// A latency distribution recorded by many VUs at once (HdrHistogram, microseconds, 3 significant
/// digits: a percentile reads back within 0.1 %). Intervals are taken for the timeline and folded
/// into the run's total.
/// </summary>
internal sealed class LatencyRecorder
{
    private const long HighestMicroseconds = 3_600_000_000; // one hour
    private readonly Recorder _recorder = HistogramFactory.With64BitBucketSize()
        .WithValuesFrom(1).WithValuesUpTo(HighestMicroseconds).WithPrecisionOf(3)
        .WithThreadSafeWrites().WithThreadSafeReads().Create();
    private readonly HistogramBase _total = new LongHistogram(1, HighestMicroseconds, 3);
    private HistogramBase? _spare;

    public void Record(double milliseconds)
    {
        var micros = (long)Math.Round(milliseconds * 1000);
        _recorder.RecordValue(Math.Clamp(micros, 1, HighestMicroseconds));
    }

    /// <summary>What was recorded since the last call; also added to <see cref="Total"/>. One caller at a time.</summary>
    public TrendSummary TakeInterval()
    {
        var interval = _spare is null ? _recorder.GetIntervalHistogram() : _recorder.GetIntervalHistogram(_spare);
        _total.Add(interval);
        var summary = Summarize(interval);
        _spare = interval;
        return summary;
    }

    /// <summary>Everything taken so far.</summary>
    public HistogramBase Total => _total;

    public TrendSummary Summarize() => Summarize(_total);

    /// <summary>A percentile (0–100) of everything taken so far, in milliseconds; 0 when nothing was.</summary>
    public double Percentile(double percentile) =>
        _total.TotalCount == 0 ? 0 : _total.GetValueAtPercentile(percentile) / 1000.0;

    public static TrendSummary Summarize(HistogramBase h)
    {
        if (h.TotalCount == 0) return TrendSummary.Empty;
        static double Ms(double micros) => micros / 1000.0;
        return new TrendSummary(
            h.TotalCount,
            Avg: Ms(h.GetMean()),
            Min: Ms(h.LowestEquivalentValue(h.GetValueAtPercentile(0))),
            Med: Ms(h.GetValueAtPercentile(50)),
            Max: Ms(h.GetMaxValue()),
            P90: Ms(h.GetValueAtPercentile(90)),
            P95: Ms(h.GetValueAtPercentile(95)),
            P99: Ms(h.GetValueAtPercentile(99)));
    }

    /// <summary>The total as log-spaced buckets (1-2-5 per decade), for the report's histogram.</summary>
    public IReadOnlyList<LatencyBucket> Buckets()
    {
        if (_total.TotalCount == 0) return [];
        var edges = Edges().ToArray();
        var counts = new long[edges.Length];
        foreach (var value in _total.RecordedValues())
        {
            var i = Array.BinarySearch(edges, value.ValueIteratedTo);
            counts[i >= 0 ? i : Math.Min(~i, edges.Length - 1)] += value.CountAtValueIteratedTo;
        }
        var first = Array.FindIndex(counts, c => c > 0);
        var last = Array.FindLastIndex(counts, c => c > 0);
        return Enumerable.Range(first, last - first + 1).Select(i => new LatencyBucket(edges[i] / 1000.0, counts[i])).ToList();
    }

    private static IEnumerable<long> Edges()
    {
        for (long decade = 10; decade <= HighestMicroseconds; decade *= 10)
        {
            yield return decade;
            yield return decade * 2;
            yield return decade * 5;
        }
    }
}
