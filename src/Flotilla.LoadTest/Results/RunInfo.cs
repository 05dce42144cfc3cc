namespace Flotilla.LoadTest.Results;

/// <summary>What was run, for how long, and how it ended.</summary>
public sealed record RunInfo
{
    /// <summary>The URL for a flags run, or the script's path.</summary>
    public required string Target { get; init; }
    /// <summary>The stack whose frontend was loaded (<c>--stack</c>, <c>apply --verify</c>); null otherwise.</summary>
    public string? Stack { get; init; }
    /// <summary><c>closed</c> (looping VUs), <c>open</c> (arrival rate), or <c>mixed</c> (a script's scenarios).</summary>
    public required string Model { get; init; }
    /// <summary>The most VUs the run was configured to use (k6's vus_max).</summary>
    public required int Vus { get; init; }
    /// <summary>The planned duration, in seconds, without the graceful stop.</summary>
    public required double DurationSeconds { get; init; }
    /// <summary>Arrivals per second for an open-model run.</summary>
    public double? Rate { get; init; }
    public required DateTimeOffset Started { get; init; }
    /// <summary>Wall time from the first VU to the last response, in seconds; rates divide by it.</summary>
    public required double ElapsedSeconds { get; init; }
    /// <summary>True when Ctrl-C (or SIGTERM) stopped the run early.</summary>
    public bool Interrupted { get; init; }
    /// <summary>Iterations still running when the graceful stop ran out (k6's "interrupted iterations").</summary>
    public long InterruptedIterations { get; init; }
}
