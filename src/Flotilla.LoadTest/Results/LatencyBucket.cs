namespace Flotilla.LoadTest.Results;

/// <summary>Requests whose duration fell in (previous bucket's <see cref="UpToMs"/>, <see cref="UpToMs"/>].</summary>
public sealed record LatencyBucket(double UpToMs, long Count);
