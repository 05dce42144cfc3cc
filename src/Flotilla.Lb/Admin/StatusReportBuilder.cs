using Flotilla.Balancer.Contract.Status;
using Flotilla.Balancer.Health;
using Flotilla.Balancer.L4.Pools;
using Flotilla.Balancer.Runtime;

namespace Flotilla.Lb.Admin;

/// <summary>Takes the <c>/status</c> document (the contract's <see cref="StatusReport"/>) from the runtime and the reloader.</summary>
internal static class StatusReportBuilder
{
    public static StatusReport From(LbRuntime runtime, FlowRates rates, Hosting.ConfigReloader? reloader = null) => new()
    {
        Config = runtime.Current?.Source ?? "",
        MaxConnections = runtime.ConnectionLimit.Max,
        TcpFlows = runtime.ConnectionLimit.InUse,
        Rules = [.. runtime.Rules.Select(rule => Rule(runtime, rule, rates))],
        // SHA-256 of the live config's bytes; see ConfigReloader.LiveSha256.
        ConfigSha256 = runtime.Current is null ? null : reloader?.LiveSha256,
        Reloads = reloader?.Reloads ?? 0,
        RejectedReloads = reloader?.Rejected ?? 0,
        LastRejection = reloader?.LastRejection,
        Listeners = [.. runtime.Listeners, .. runtime.Routers.ListenerStatus()],
        Routers = runtime.Routers.Status(),
    };

    /// <summary>A member's health as /status and /explain tell it.</summary>
    public static string HealthName(Member member, ProbeTarget? probe) =>
        probe is null ? (member.Healthy ? "healthy (no probe)" : "unhealthy") : probe.Health.ToString().ToLowerInvariant();

    private static RuleStatus Rule(LbRuntime runtime, RuleRuntime rule, FlowRates rates) => new()
    {
        Balancer = rule.Balancer,
        Name = rule.Name,
        Protocol = rule.Config.Protocol.ToString().ToLowerInvariant(),
        Frontend = (runtime.ListeningEndpoint(rule) ?? rule.Frontend).ToString(),
        Distribution = rule.Config.Distribution.ToString(),
        ActiveFlows = rule.Flows.Count,
        RejectedFlows = rule.RejectedFlows,
        Members =
        [
            .. rule.Members.Select(m => Member(m, runtime.ProbeTargetOf(rule, m), rates, draining: false)),
            .. rule.Draining.Select(m => Member(m, null, rates, draining: true)),
        ],
        Live = runtime.ListeningEndpoint(rule) is not null,
        BindError = runtime.BindError(rule),
    };

    private static MemberStatus Member(Member member, ProbeTarget? probe, FlowRates rates, bool draining) => new()
    {
        Address = member.Key,
        Weight = member.Weight,
        Health = draining ? "draining" : HealthName(member, probe),
        InRotation = member.Healthy && !draining,
        ActiveFlows = member.ActiveFlows,
        FlowsTotal = member.FlowsTotal,
        NewFlowsPerSecond = rates.PerSecond(member),
        BytesIn = member.BytesIn,
        BytesOut = member.BytesOut,
        ConnectFailures = member.ConnectFailures,
        ProbeLatencyMs = probe?.LastLatency?.TotalMilliseconds,
        LastProbeFailure = probe?.LastFailure,
        LastProbeSuccess = probe?.LastSuccess,
        Namespace = member.Namespace?.Name,
    };
}
