namespace Flotilla.LoadTest.Results;

/// <summary>A count and its rate per second over the run's elapsed time (k6's Counter).</summary>
public sealed record CounterSummary(long Count, double Rate);
