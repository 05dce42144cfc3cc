namespace Flotilla.LoadTest.Thresholds;

/// <summary>k6's metric types; each takes its own threshold aggregations.</summary>
internal enum MetricType
{
    /// <summary>A running total: <c>count</c>, <c>rate</c> (per second).</summary>
    Counter,
    /// <summary>A sampled value: <c>value</c> (the last one).</summary>
    Gauge,
    /// <summary>A fraction of true samples: <c>rate</c>.</summary>
    Rate,
    /// <summary>A distribution, in milliseconds: <c>avg min max med p(N)</c>.</summary>
    Trend,
}
