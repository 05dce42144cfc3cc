namespace Flotilla.LoadTest.Results;

/// <summary>
/// One backend's share of a run (named as its responses name it, see <c>--backend-from</c>): its requests, its
/// http_req_duration, and a point per second, so a latency spike can be pinned on the backend that caused it.
/// </summary>
public sealed record BackendSeries(string Backend, long Requests, long Failures, TrendSummary HttpReqDuration, IReadOnlyList<BackendPoint> Timeline);
