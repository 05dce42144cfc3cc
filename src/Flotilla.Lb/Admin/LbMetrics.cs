using System.Diagnostics.Metrics;
using Flotilla.Balancer.Health;
using Flotilla.Balancer.L4.Pools;
using Flotilla.Balancer.L7.Serving;
using Flotilla.Balancer.Runtime;
using Prometheus;

namespace Flotilla.Lb.Admin;

/// <summary>
/// The data plane's instruments (System.Diagnostics.Metrics), exported by prometheus-net on
/// /metrics. All are observable: the hot path only bumps plain counters on <see cref="Member"/>,
/// and a scrape reads them. prometheus-net prefixes the meter name (<c>flotilla_lb_</c>) and
/// exports observable counters as gauges; the <c>_total</c> names still say they only grow.
/// </summary>
internal sealed class LbMetrics : IDisposable
{
    public const string MeterName = "Flotilla.Lb";

    private readonly Meter _meter = new(MeterName);
    private readonly LbRuntime _runtime;

    public LbMetrics(LbRuntime runtime)
    {
        // Export our meter only: the runtime's own meters would bury it in QUIC and HTTP series.
        // The router's per-request instruments go through RouterMetricsExporter, which is cheaper per measurement.
        Metrics.ConfigureMeterAdapter(o => o.InstrumentFilterPredicate = i => i.Meter.Name is MeterName);
        // The runtime's counters (GC, thread pool) only. prometheus-net's default enables Kestrel's,
        // hosting's, HttpClient's and sockets' event sources too, which then write events for every
        // request the router serves and forwards: a few µs each (bench/RESULTS.md, "L7").
        Metrics.ConfigureEventCounterAdapter(o => o.EventSourceFilterPredicate = source => source == "System.Runtime");
        _runtime = runtime;
        _meter.CreateObservableGauge("active_flows", () => PerMember(m => m.ActiveFlows), description: "Flows open now, per rule and member");
        _meter.CreateObservableCounter("flows_total", () => PerMember(m => m.FlowsTotal), description: "Flows opened, per rule and member");
        _meter.CreateObservableCounter("bytes_in_total", () => PerMember(m => m.BytesIn), description: "Bytes from clients to the member");
        _meter.CreateObservableCounter("bytes_out_total", () => PerMember(m => m.BytesOut), description: "Bytes from the member to clients");
        _meter.CreateObservableCounter("connect_failures_total", () => PerMember(m => m.ConnectFailures), description: "Failed backend connects");
        _meter.CreateObservableGauge("member_healthy", () => PerMember(m => m.Healthy ? 1 : 0), description: "1 when the member is in rotation");
        _meter.CreateObservableCounter("rejected_flows_total", () => runtime.Rules.Select(r => new Measurement<long>(r.RejectedFlows, RuleTags(r))), description: "Flows refused: no member took them");
        _meter.CreateObservableGauge("probe_latency_seconds", ProbeLatencies, description: "Latency of the last successful probe");
        _meter.CreateObservableGauge("router_member_in_rotation", RouterMembers, description: "1 when a router farm member takes new requests (health and ejection considered)");
    }

    private IEnumerable<Measurement<long>> PerMember(Func<Member, long> value) =>
        _runtime.Rules.SelectMany(rule => rule.Members.Concat(rule.Draining).Select(m =>
            new Measurement<long>(value(m), [.. RuleTags(rule), new("member", m.Key)])));

    private IEnumerable<Measurement<double>> ProbeLatencies() =>
        _runtime.Health.Targets.Where(t => t.LastLatency is not null).Select(t => new Measurement<double>(
            t.LastLatency!.Value.TotalSeconds,
            [new("balancer", t.Key.Balancer), new("probe", t.Key.Probe.Name), new("member", t.Endpoint.ToString())]));

    private IEnumerable<Measurement<int>> RouterMembers() =>
        _runtime.Routers.Status().SelectMany(router => router.Farms.SelectMany(farm => farm.Members.Select(m => new Measurement<int>(
            m.InRotation ? 1 : 0,
            [new("router", router.Name), new("farm", farm.Name), new("server", m.Member)]))));

    private static KeyValuePair<string, object?>[] RuleTags(RuleRuntime rule) =>
        [new("balancer", rule.Balancer), new("rule", rule.Name)];

    public void Dispose() => _meter.Dispose();
}
