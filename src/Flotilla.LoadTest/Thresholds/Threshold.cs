namespace Flotilla.LoadTest.Thresholds;

/// <summary>A parsed threshold on a metric flotilla loadtest records.</summary>
internal sealed record Threshold(string Metric, MetricType Type, string Source, ThresholdExpression Expression);
