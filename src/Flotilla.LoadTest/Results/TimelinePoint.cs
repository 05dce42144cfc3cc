namespace Flotilla.LoadTest.Results;

/// <summary>
/// One interval of the run (normally one second): requests completed in it, failures, active
/// VUs at its end, and http_req_duration percentiles over the requests that completed in it
/// (milliseconds; zero when none did).
/// </summary>
public sealed record TimelinePoint(double Seconds, long Requests, long Failures, double Rps, int Vus, double P50, double P95, double P99, double Max);
