namespace Flotilla.LoadTest.Results;

/// <summary>A value sampled over the run: its last value and the range it took (k6's Gauge).</summary>
public sealed record GaugeSummary(long Value, long Min, long Max);
