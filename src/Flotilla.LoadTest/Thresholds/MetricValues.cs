using Flotilla.LoadTest.Results;

namespace Flotilla.LoadTest.Thresholds;

/// <summary>
/// Reads a threshold's aggregated value from a run's summary. Trends are in milliseconds and
/// counters' rates per second of elapsed time, as in k6. Percentiles the summary does not carry
/// come from <paramref name="percentile"/> (the run's full histograms).
/// </summary>
internal static class MetricValues
{
    /// <param name="percentile">(trend metric, percentile 0–100) → milliseconds.</param>
    public static double Read(MetricsSummary summary, Threshold threshold, Func<string, double, double> percentile)
    {
        var e = threshold.Expression;
        return threshold.Metric switch
        {
            "http_req_duration" => Trend(summary.HttpReqDuration, threshold.Metric, e, percentile),
            "iteration_duration" => Trend(summary.IterationDuration, threshold.Metric, e, percentile),
            "http_req_failed" => summary.HttpReqFailed.Rate,
            "checks" => summary.Checks.Rate,
            "http_reqs" => Counter(summary.HttpReqs, e),
            "iterations" => Counter(summary.Iterations, e),
            "dropped_iterations" => Counter(summary.DroppedIterations, e),
            "data_received" => Counter(summary.DataReceived, e),
            "data_sent" => Counter(summary.DataSent, e),
            "vus" => summary.Vus.Value,
            "vus_max" => summary.VusMax.Value,
            _ => double.NaN,
        };
    }

    private static double Counter(CounterSummary counter, ThresholdExpression e) =>
        e.Aggregation == ThresholdAggregation.Count ? counter.Count : counter.Rate;

    private static double Trend(TrendSummary trend, string metric, ThresholdExpression e, Func<string, double, double> percentile) => e.Aggregation switch
    {
        ThresholdAggregation.Avg => trend.Avg,
        ThresholdAggregation.Min => trend.Min,
        ThresholdAggregation.Max => trend.Max,
        ThresholdAggregation.Med => trend.Med,
        // The summary's own figures where it has them, so a threshold agrees with the printed summary.
        _ => e.Percentile switch
        {
            0 => trend.Min,
            50 => trend.Med,
            90 => trend.P90,
            95 => trend.P95,
            99 => trend.P99,
            100 => trend.Max,
            var p => percentile(metric, p),
        },
    };
}
