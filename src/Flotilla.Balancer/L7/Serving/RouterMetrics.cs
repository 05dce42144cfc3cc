using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Flotilla.Balancer.L7.Serving;

/// <summary>
/// Per rule and per server request counts, status classes and latency, as
/// System.Diagnostics.Metrics instruments; flotilla-lb's /metrics exports the meter
/// (<c>flotilla_lb_router_requests_total</c>, <c>flotilla_lb_router_request_duration_seconds</c>).
/// </summary>
public sealed class RouterMetrics : IDisposable
{
    public const string MeterName = "Flotilla.Lb.Router";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;

    public RouterMetrics()
    {
        _requests = _meter.CreateCounter<long>("requests_total", description: "Requests answered, per router, rule, server and status class");
        _duration = _meter.CreateHistogram<double>("request_duration_seconds", unit: "s", description: "Time from the request to the end of the response, per router, rule and server");
    }

    /// <param name="server">The farm member that answered, <c>router</c> when the router answered itself (static, redirect, status), <c>none</c> when no member could.</param>
    public void Record(string router, string rule, string farm, string server, int status, double seconds)
    {
        var tags = new TagList
        {
            { "router", router },
            { "rule", rule },
            { "farm", farm },
            { "server", server },
            { "code", StatusClass(status) },
        };
        _requests.Add(1, tags);
        _duration.Record(seconds, tags);
    }

    private static string StatusClass(int status) => status switch
    {
        < 200 => "1xx",
        < 300 => "2xx",
        < 400 => "3xx",
        < 500 => "4xx",
        _ => "5xx",
    };

    public void Dispose() => _meter.Dispose();
}
