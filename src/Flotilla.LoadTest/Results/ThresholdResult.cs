namespace Flotilla.LoadTest.Results;

/// <summary>One threshold expression on one metric, e.g. <c>http_req_duration</c> / <c>p(95)&lt;500</c>.</summary>
public sealed record ThresholdResult(string Metric, string Expression, bool Passed, double Actual);
