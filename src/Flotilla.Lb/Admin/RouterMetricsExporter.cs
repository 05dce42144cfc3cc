using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Flotilla.Balancer.L7.Serving;
using Prometheus;

namespace Flotilla.Lb.Admin;

/// <summary>
/// Exports the router's per-request instruments (<see cref="RouterMetrics"/>) to prometheus-net:
/// <c>flotilla_lb_router_requests_total</c> and <c>flotilla_lb_router_request_duration_seconds</c>,
/// labels <c>code</c>, <c>farm</c>, <c>router</c>, <c>rule</c>, <c>server</c>.
/// </summary>
/// <remarks>
/// Why not prometheus-net's meter adapter, which exports <see cref="LbMetrics"/>: for each
/// measurement it copies and sorts the tags, builds label arrays, looks the metric up by name
/// and labels and takes a lease on the series, which cost the router about 2 µs of CPU per request
/// (two measurements) plus the garbage (bench/RESULTS.md, "L7"). Here a series is found by its
/// five tag values in one dictionary lookup. Series are kept while the process lives (the adapter
/// dropped one after 5 idle minutes); there are at most rules × servers × 5 status classes.
/// </remarks>
internal sealed class RouterMetricsExporter : IDisposable
{
    private const string RequestsInstrument = "requests_total";
    private const string DurationInstrument = "request_duration_seconds";

    // In the adapter's order (sorted), so the series read as before.
    private static readonly string[] LabelNames = ["code", "farm", "router", "rule", "server"];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Series, Counter.Child> _requests = new();
    private readonly ConcurrentDictionary<Series, Histogram.Child> _durations = new();
    private readonly Counter _requestsMetric;
    private Histogram? _durationMetric;

    public RouterMetricsExporter()
    {
        _requestsMetric = Metrics.CreateCounter("flotilla_lb_router_requests_total", "Requests answered, per router, rule, server and status class", LabelNames);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name != RouterMetrics.MeterName)
            {
                return;
            }

            if (instrument.Name == DurationInstrument)
            {
                // The adapter's default buckets, so dashboards keep their le= values.
                _durationMetric ??= Metrics.CreateHistogram("flotilla_lb_router_request_duration_seconds", "(s) Time from the request to the end of the response, per router, rule and server", new HistogramConfiguration
                {
                    LabelNames = LabelNames,
                    Buckets = new MeterAdapterOptions().ResolveHistogramBuckets(instrument),
                });
            }

            if (instrument.Name is RequestsInstrument or DurationInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            _requests.GetOrAdd(Series.Of(tags), static (s, metric) => metric.WithLabels(s.Code, s.Farm, s.Router, s.Rule, s.Server), _requestsMetric).Inc(value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (_durationMetric is { } metric)
            {
                _durations.GetOrAdd(Series.Of(tags), static (s, m) => m.WithLabels(s.Code, s.Farm, s.Router, s.Rule, s.Server), metric).Observe(value);
            }
        });
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>One series: the tag values <see cref="RouterMetrics.Record"/> sets.</summary>
    private readonly record struct Series(string Code, string Farm, string Router, string Rule, string Server)
    {
        public static Series Of(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string code = "", farm = "", router = "", rule = "", server = "";
            foreach (var (key, value) in tags)
            {
                var text = value as string ?? value?.ToString() ?? "";
                switch (key)
                {
                    case "code": code = text; break;
                    case "farm": farm = text; break;
                    case "router": router = text; break;
                    case "rule": rule = text; break;
                    case "server": server = text; break;
                }
            }

            return new Series(code, farm, router, rule, server);
        }
    }
}
