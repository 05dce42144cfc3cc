namespace Flotilla.LoadTest.Results;

/// <summary>A latency distribution, in milliseconds (k6's Trend).</summary>
public sealed record TrendSummary(long Count, double Avg, double Min, double Med, double Max, double P90, double P95, double P99)
{
    public static TrendSummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);
}
