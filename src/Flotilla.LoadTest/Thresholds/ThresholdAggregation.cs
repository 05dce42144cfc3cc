namespace Flotilla.LoadTest.Thresholds;

/// <summary>What a threshold reads from its metric (k6's aggregation methods).</summary>
internal enum ThresholdAggregation
{
    Avg,
    Min,
    Max,
    Med,
    /// <summary><c>p(N)</c>; N is <see cref="ThresholdExpression.Percentile"/>.</summary>
    Percentile,
    Count,
    Rate,
    Value,
}
