namespace Flotilla.Balancer.Contract.Status;

/// <summary>
/// A member of a rule in <c>/status</c>: <see cref="Address"/> is <c>IP:PORT</c>; <see cref="InRotation"/> is whether new
/// flows may go to it; <see cref="Health"/> is the probe's verdict, <c>healthy (no probe)</c>, or <c>draining</c>.
/// </summary>
public sealed record MemberStatus
{
    public string Address { get; init; } = "";

    public int Weight { get; init; }

    public string Health { get; init; } = "";

    public bool InRotation { get; init; }

    public long ActiveFlows { get; init; }

    public long FlowsTotal { get; init; }

    public double NewFlowsPerSecond { get; init; }

    public long BytesIn { get; init; }

    public long BytesOut { get; init; }

    public long ConnectFailures { get; init; }

    public double? ProbeLatencyMs { get; init; }

    public string? LastProbeFailure { get; init; }

    /// <summary>When its probe last passed; null without a probe, or before one has passed.</summary>
    public DateTimeOffset? LastProbeSuccess { get; init; }

    /// <summary>The pool's network namespace, or null for the balancer's own.</summary>
    public string? Namespace { get; init; }
}
