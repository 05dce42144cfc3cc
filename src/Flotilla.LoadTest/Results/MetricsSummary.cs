namespace Flotilla.LoadTest.Results;

/// <summary>k6's built-in metrics, with k6's names.</summary>
public sealed record MetricsSummary
{
    public required TrendSummary HttpReqDuration { get; init; }
    public required RateSummary HttpReqFailed { get; init; }
    public required CounterSummary HttpReqs { get; init; }
    public required TrendSummary IterationDuration { get; init; }
    public required CounterSummary Iterations { get; init; }
    public required CounterSummary DroppedIterations { get; init; }
    public required GaugeSummary Vus { get; init; }
    public required GaugeSummary VusMax { get; init; }
    /// <summary>Bytes.</summary>
    public required CounterSummary DataSent { get; init; }
    /// <summary>Bytes.</summary>
    public required CounterSummary DataReceived { get; init; }
    public required RateSummary Checks { get; init; }
}
