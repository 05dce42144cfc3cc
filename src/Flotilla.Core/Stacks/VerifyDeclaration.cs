using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>
/// <c>verify:</c>, a load test run after apply (<c>flotilla apply --verify</c>), in the load tester's terms. Kept as
/// written, shallowly checked here; the load tester parses durations and thresholds itself.
/// </summary>
public sealed record VerifyDeclaration
{
    /// <summary>The output whose value is the URL to test; default <c>url</c>.</summary>
    public string Output { get; init; } = "url";

    /// <summary><c>smoke</c>, <c>load</c> or <c>stress</c> (seed 000's runs); <see cref="Vus"/> and <see cref="Duration"/> override its numbers.</summary>
    public string? Profile { get; init; }

    public int? Vus { get; init; }

    /// <summary>k6's duration text: <c>10s</c>, <c>1m30s</c>, <c>500ms</c>.</summary>
    public string? Duration { get; init; }

    /// <summary>The open model's arrival rate (<c>2000</c>, <c>2000/s</c>, <c>120/m</c>).</summary>
    public string? Rate { get; init; }

    /// <summary>Open a new connection per request, so an L4 balancer spreads them (seed 000's curl loop).</summary>
    public bool NoConnectionReuse { get; init; }

    public IReadOnlyList<int> ExpectStatus { get; init; } = [];

    public IReadOnlyList<string> ExpectBody { get; init; } = [];

    /// <summary>k6 thresholds, e.g. <c>http_req_failed: rate&lt;0.01</c>.</summary>
    public IReadOnlyList<ThresholdDeclaration> Thresholds { get; init; } = [];

    public required SpecOrigin Origin { get; init; }
}
