namespace Flotilla.LoadTest.Results;

/// <summary>
/// Everything one run measured: what the summary prints, what <c>--out</c> writes as JSON
/// (snake_case names, durations in milliseconds), what the HTML report draws and what
/// <c>compare</c> reads back. Built once, at the end of a run (or on Ctrl-C).
/// </summary>
public sealed record LoadTestResult
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required RunInfo Run { get; init; }
    public required MetricsSummary Metrics { get; init; }
    public IReadOnlyList<CheckResult> Checks { get; init; } = [];
    /// <summary>Failed requests by kind: <c>refused</c>, <c>reset</c>, <c>timeout</c>, <c>HTTP 503</c>…</summary>
    public IReadOnlyList<KindCount> Errors { get; init; } = [];
    /// <summary>Responses by distinct body (which backend answered); empty when bodies were not tallied.</summary>
    public IReadOnlyList<BodyCount> Bodies { get; init; } = [];
    /// <summary>A series per backend, as responses name it (<c>--stack</c>, <c>--backend-from</c>); empty otherwise.</summary>
    public IReadOnlyList<BackendSeries> Backends { get; init; } = [];
    /// <summary>What happened to the stack under test while the run went (<c>--stack</c>); empty otherwise.</summary>
    public IReadOnlyList<RunEvent> Events { get; init; } = [];
    public IReadOnlyList<ThresholdResult> Thresholds { get; init; } = [];
    /// <summary>One point per second of the run.</summary>
    public IReadOnlyList<TimelinePoint> Timeline { get; init; } = [];
    /// <summary>http_req_duration as a histogram (log-spaced buckets), for the report.</summary>
    public IReadOnlyList<LatencyBucket> LatencyHistogram { get; init; } = [];
}
