using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>A metric's k6 threshold expressions, e.g. <c>http_req_duration: [p(95)&lt;500, avg&lt;200]</c>.</summary>
public sealed record ThresholdDeclaration(string Metric, IReadOnlyList<string> Conditions, SpecOrigin Origin);
