namespace Flotilla.LoadTest.Results;

/// <summary>
/// One interval of one backend, as <see cref="TimelinePoint"/> is of the whole run: requests it answered in the
/// interval, how many of them failed (an HTTP error status), and their http_req_duration percentiles (milliseconds;
/// zero when it answered none).
/// </summary>
public sealed record BackendPoint(double Seconds, long Requests, long Failures, double Rps, double P50, double P95, double P99);
