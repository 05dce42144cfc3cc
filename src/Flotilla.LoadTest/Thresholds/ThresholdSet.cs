using Flotilla.LoadTest.Metrics;
using Flotilla.LoadTest.Results;

namespace Flotilla.LoadTest.Thresholds;

/// <summary>
/// A script's thresholds, checked once when the script loads (an unknown metric, a tagged
/// sub-metric or a malformed expression is refused there, in one line) and evaluated once
/// against the run's result.
/// </summary>
internal sealed class ThresholdSet
{
    private ThresholdSet(IReadOnlyList<Threshold> thresholds, IReadOnlyList<string> notes)
    {
        Thresholds = thresholds;
        Notes = notes;
    }

    public static ThresholdSet Empty { get; } = new([], []);

    public IReadOnlyList<Threshold> Thresholds { get; }

    /// <summary>What was accepted but not acted on (<c>abortOnFail</c>), for the user to see.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <param name="origin">Where the thresholds were written, for messages: a script's <c>options.thresholds</c>, a stack's <c>verify.thresholds</c>.</param>
    /// <exception cref="LoadTestInputException">A threshold flotilla loadtest cannot evaluate; the message names it.</exception>
    public static ThresholdSet Parse(IEnumerable<ThresholdDefinition> definitions, string origin = "options.thresholds")
    {
        var thresholds = new List<Threshold>();
        var aborting = new List<string>();
        foreach (var definition in definitions)
        {
            var type = MetricTypeOf(definition.Metric, origin);
            if (!ThresholdExpression.TryParse(definition.Expression, out var expression))
            {
                throw new LoadTestInputException(
                    $"{origin}.{definition.Metric}: '{definition.Expression}' is not a threshold expression " +
                    "(expected <aggregation> <operator> <number>, e.g. 'p(95)<500', 'avg<200', 'rate<0.01', 'count>100')");
            }
            if (expression!.Aggregation == ThresholdAggregation.Percentile && expression.Percentile > 100)
            {
                throw new LoadTestInputException($"{origin}.{definition.Metric}: '{definition.Expression}': a percentile is between 0 and 100");
            }
            if (!expression.AppliesTo(type))
            {
                throw new LoadTestInputException(
                    $"{origin}.{definition.Metric}: '{definition.Expression}': {definition.Metric} is a {type.ToString().ToLowerInvariant()} metric, " +
                    $"which takes {Aggregations(type)}, not {expression.AggregationName}");
            }
            thresholds.Add(new Threshold(definition.Metric, type, definition.Expression, expression));
            if (definition.AbortOnFail) aborting.Add($"{definition.Metric} '{definition.Expression}'");
        }
        IReadOnlyList<string> notes = aborting.Count == 0 ? [] :
            [$"abortOnFail is accepted but not acted on: the run goes to its end, then these thresholds are evaluated: {string.Join(", ", aborting)}"];
        return new ThresholdSet(thresholds, notes);
    }

    /// <param name="percentile">(trend metric, percentile 0–100) → milliseconds, for percentiles the summary does not carry.</param>
    public IReadOnlyList<ThresholdResult> Evaluate(MetricsSummary summary, Func<string, double, double> percentile) => Thresholds
        .Select(t =>
        {
            var actual = MetricValues.Read(summary, t, percentile);
            return new ThresholdResult(t.Metric, t.Source, t.Expression.Holds(actual), actual);
        })
        .ToList();

    /// <summary>Against a finished run, with percentiles the summary does not carry read from its full histograms.</summary>
    public IReadOnlyList<ThresholdResult> Evaluate(MetricsSummary summary, LoadTestMetrics metrics) =>
        Evaluate(summary, (metric, p) => metric == "iteration_duration" ? metrics.IterationDurationPercentile(p) : metrics.RequestDurationPercentile(p));

    private static MetricType MetricTypeOf(string metric, string origin)
    {
        if (metric.Contains('{', StringComparison.Ordinal))
        {
            throw new LoadTestInputException($"{origin}: '{metric}': thresholds on tagged sub-metrics are not supported by flotilla loadtest (use the whole metric, e.g. '{metric[..metric.IndexOf('{', StringComparison.Ordinal)].Trim()}')");
        }
        if (BuiltInMetrics.Recorded.TryGetValue(metric, out var type)) return type;
        throw new LoadTestInputException(BuiltInMetrics.NotRecorded.Contains(metric)
            ? $"{origin}: metric '{metric}' is not recorded by flotilla loadtest (it records: {BuiltInMetrics.RecordedList})"
            : $"{origin}: unknown metric '{metric}' (flotilla loadtest records: {BuiltInMetrics.RecordedList}; custom metrics from k6/metrics are not supported)");
    }

    private static string Aggregations(MetricType type) => type switch
    {
        MetricType.Counter => "count or rate",
        MetricType.Gauge => "value",
        MetricType.Rate => "rate",
        _ => "avg, min, max, med or p(N)",
    };
}
