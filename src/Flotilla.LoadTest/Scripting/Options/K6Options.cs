using Flotilla.LoadTest.Execution;
using Flotilla.LoadTest.Thresholds;

namespace Flotilla.LoadTest.Scripting.Options;

/// <summary>
/// What a script's exported <c>options</c> say, as k6 reads them: the execution shortcuts
/// (<see cref="Vus"/>, <see cref="Duration"/>, <see cref="Iterations"/>, <see cref="Stages"/>) or
/// <see cref="Scenarios"/>, the thresholds, and the HTTP settings flotilla honours.
/// </summary>
internal sealed record K6Options
{
    public int? Vus { get; init; }
    public TimeSpan? Duration { get; init; }
    public long? Iterations { get; init; }
    /// <summary>Null when not given; k6 tells "not given" from an explicit empty list.</summary>
    public IReadOnlyList<RampStage>? Stages { get; init; }
    /// <summary>Null when not given; each one names its <c>exec</c> function (null: the default export).</summary>
    public IReadOnlyList<ScenarioSpec>? Scenarios { get; init; }
    public IReadOnlyList<ThresholdDefinition> Thresholds { get; init; } = [];

    public bool InsecureSkipTlsVerify { get; init; }
    public bool NoConnectionReuse { get; init; }
    /// <summary>Responses' <c>body</c> is null (k6's discardResponseBodies); bytes are still counted.</summary>
    public bool DiscardResponseBodies { get; init; }
    /// <summary>The default <c>User-Agent</c>; null keeps the session's.</summary>
    public string? UserAgent { get; init; }
    /// <summary>Redirects followed per request (k6: 10).</summary>
    public int MaxRedirects { get; init; } = 10;
    /// <summary>Requests of one <c>http.batch</c> in flight at once (k6: 20).</summary>
    public int Batch { get; init; } = 20;

    /// <summary>Options accepted but not acted on, one line each, for the user to see.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
