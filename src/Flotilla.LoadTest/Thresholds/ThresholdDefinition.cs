namespace Flotilla.LoadTest.Thresholds;

/// <summary>
/// A threshold as a script's <c>options.thresholds</c> gives it, before parsing: the metric, the
/// expression text, and k6's <c>abortOnFail</c> (accepted, not acted on: a run always runs to its end).
/// </summary>
internal sealed record ThresholdDefinition(string Metric, string Expression, bool AbortOnFail = false);
