namespace Flotilla.LoadTest.Execution;

/// <summary>Go linearly to <see cref="Target"/> VUs over <see cref="Duration"/> (k6's stage).</summary>
public sealed record RampStage(TimeSpan Duration, int Target);
