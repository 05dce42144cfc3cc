namespace Flotilla.LoadTest.Execution;

/// <summary>
/// One iteration of one VU. <see cref="Number"/> is k6's <c>__ITER</c> (0-based, per VU).
/// <see cref="IntendedStart"/> is set in the open model: the <see cref="TimeProvider"/> timestamp
/// the arrival was scheduled for, from which the first request's latency is measured.
/// </summary>
public readonly record struct IterationContext(long Number, long? IntendedStart, string Scenario);
