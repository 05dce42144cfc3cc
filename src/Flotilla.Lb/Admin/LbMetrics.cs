using System.Diagnostics.Metrics;
using Flotilla.Balancer.Health;
using Flotilla.Balancer.L4.Pools;
using Flotilla.Balancer.Runtime;

namespace Flotilla.Lb.Admin;

/// <summary>
/// The data plane's instruments (System.Diagnostics.Metrics), exported by prometheus-net on
/// /metrics. All are observable: the hot path only bumps plain counters on <see cref="Member"/>,
/// and a scrape reads them.
/// </summary>
internal sealed class LbMetrics : IDisposable
{
    public const string MeterName = "Flotilla.Lb";

    private readonly Meter _meter = new(MeterName);
    private readonly LbRuntime _runtime;

    public LbMetrics(LbRuntime runtime)
    {
        _runtime = runtime;
        _meter.CreateObservableGauge("flotilla_lb_active_flows", () => PerMember(m => m.ActiveFlows), description: "Flows open now, per rule and member");
        _meter.CreateObservableCounter("flotilla_lb_flows", () => PerMember(m => m.FlowsTotal), description: "Flows opened, per rule and member");
        _meter.CreateObservableCounter("flotilla_lb_bytes_in", () => PerMember(m => m.BytesIn), unit: "bytes", description: "Bytes from clients to the member");
        _meter.CreateObservableCounter("flotilla_lb_bytes_out", () => PerMember(m => m.BytesOut), unit: "bytes", description: "Bytes from the member to clients");
        _meter.CreateObservableCounter("flotilla_lb_connect_failures", () => PerMember(m => m.ConnectFailures), description: "Failed backend connects");
        _meter.CreateObservableGauge("flotilla_lb_member_healthy", () => PerMember(m => m.Healthy ? 1 : 0), description: "1 when the member is in rotation");
        _meter.CreateObservableCounter("flotilla_lb_rejected_flows", () => runtime.Rules.Select(r => new Measurement<long>(r.RejectedFlows, RuleTags(r))), description: "Flows refused: no member took them");
        _meter.CreateObservableGauge("flotilla_lb_probe_latency", ProbeLatencies, unit: "seconds", description: "Latency of the last successful probe");
    }

    private IEnumerable<Measurement<long>> PerMember(Func<Member, long> value) =>
        _runtime.Rules.SelectMany(rule => rule.Members.Concat(rule.Draining).Select(m =>
            new Measurement<long>(value(m), [.. RuleTags(rule), new("member", m.Key)])));

    private IEnumerable<Measurement<double>> ProbeLatencies() =>
        _runtime.Health.Targets.Where(t => t.LastLatency is not null).Select(t => new Measurement<double>(
            t.LastLatency!.Value.TotalSeconds,
            [new("balancer", t.Key.Balancer), new("probe", t.Key.Probe.Name), new("member", t.Endpoint.ToString())]));

    private static KeyValuePair<string, object?>[] RuleTags(RuleRuntime rule) =>
        [new("balancer", rule.Balancer), new("rule", rule.Name)];

    public void Dispose() => _meter.Dispose();
}
