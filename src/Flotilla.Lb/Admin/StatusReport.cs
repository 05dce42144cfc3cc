using Flotilla.Balancer.Health;
using Flotilla.Balancer.L4.Pools;
using Flotilla.Balancer.Runtime;

namespace Flotilla.Lb.Admin;

/// <summary>The <c>/status</c> document: every rule and member with health and counters.</summary>
internal sealed record StatusReport(string Config, int MaxConnections, int TcpFlows, IReadOnlyList<RuleStatus> Rules)
{
    /// <summary>SHA-256 (hex) of the live config's bytes; see <see cref="Hosting.ConfigReloader.LiveSha256"/>.</summary>
    public string? ConfigSha256 { get; init; }

    public long Reloads { get; init; }

    public long RejectedReloads { get; init; }

    public string? LastRejection { get; init; }

    /// <summary>
    /// Every frontend listener, the balancers' rules' and the routers': whether it is bound (live),
    /// why not (a frontend whose address is in use is retried until it binds), and how often it was retried.
    /// </summary>
    public IReadOnlyList<ListenerStatus> Listeners { get; init; } = [];

    /// <summary>The application request routers (L7): listeners, rules, farms and member health.</summary>
    public IReadOnlyList<Flotilla.Balancer.L7.Serving.RouterStatus> Routers { get; init; } = [];

    public static StatusReport From(LbRuntime runtime, FlowRates rates, Hosting.ConfigReloader? reloader = null) => From(runtime, rates) with
    {
        ConfigSha256 = runtime.Current is null ? null : reloader?.LiveSha256,
        Reloads = reloader?.Reloads ?? 0,
        RejectedReloads = reloader?.Rejected ?? 0,
        LastRejection = reloader?.LastRejection,
    };

    private static StatusReport From(LbRuntime runtime, FlowRates rates)
    {
        var rules = runtime.Rules.Select(rule => new RuleStatus(
            rule.Balancer,
            rule.Name,
            rule.Config.Protocol.ToString().ToLowerInvariant(),
            (runtime.ListeningEndpoint(rule) ?? rule.Frontend).ToString(),
            rule.Config.Distribution.ToString(),
            rule.Flows.Count,
            rule.RejectedFlows,
            [.. rule.Members.Select(m => MemberStatus.From(m, runtime.ProbeTargetOf(rule, m), rates, draining: false)),
             .. rule.Draining.Select(m => MemberStatus.From(m, null, rates, draining: true))])
        {
            Live = runtime.ListeningEndpoint(rule) is not null,
            BindError = runtime.BindError(rule),
        }).ToList();
        return new StatusReport(runtime.Current?.Source ?? "", runtime.ConnectionLimit.Max, runtime.ConnectionLimit.InUse, rules)
        {
            Routers = runtime.Routers.Status(),
            Listeners = [.. runtime.Listeners, .. runtime.Routers.ListenerStatus()],
        };
    }
}

internal sealed record RuleStatus(string Balancer, string Name, string Protocol, string Frontend, string Distribution, int ActiveFlows, long RejectedFlows, IReadOnlyList<MemberStatus> Members)
{
    /// <summary>Whether the rule's frontend is bound; see <see cref="StatusReport.Listeners"/>.</summary>
    public bool Live { get; init; }

    /// <summary>Why the frontend is not bound (<c>address already in use</c>), or null.</summary>
    public string? BindError { get; init; }
}

internal sealed record MemberStatus(
    string Address,
    int Weight,
    string Health,
    bool InRotation,
    long ActiveFlows,
    long FlowsTotal,
    double NewFlowsPerSecond,
    long BytesIn,
    long BytesOut,
    long ConnectFailures,
    double? ProbeLatencyMs,
    string? LastProbeFailure,
    DateTimeOffset? LastProbeSuccess,
    string? Namespace)
{
    public static MemberStatus From(Member member, ProbeTarget? probe, FlowRates rates, bool draining) => new(
        member.Key,
        member.Weight,
        draining ? "draining" : HealthName(member, probe),
        member.Healthy && !draining,
        member.ActiveFlows,
        member.FlowsTotal,
        rates.PerSecond(member),
        member.BytesIn,
        member.BytesOut,
        member.ConnectFailures,
        probe?.LastLatency?.TotalMilliseconds,
        probe?.LastFailure,
        probe?.LastSuccess,
        member.Namespace?.Name);

    public static string HealthName(Member member, ProbeTarget? probe) =>
        probe is null ? (member.Healthy ? "healthy (no probe)" : "unhealthy") : probe.Health.ToString().ToLowerInvariant();
}
