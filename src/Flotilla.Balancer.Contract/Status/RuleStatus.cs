namespace Flotilla.Balancer.Contract.Status;

/// <summary>A balancer's rule in <c>/status</c>: <see cref="Frontend"/> is the bound <c>IP:PORT</c> (its port 0 resolved).</summary>
public sealed record RuleStatus
{
    public string Balancer { get; init; } = "";

    public string Name { get; init; } = "";

    /// <summary><c>tcp</c> or <c>udp</c>.</summary>
    public string Protocol { get; init; } = "";

    public string Frontend { get; init; } = "";

    public string Distribution { get; init; } = "";

    public int ActiveFlows { get; init; }

    public long RejectedFlows { get; init; }

    /// <summary>The members in the config, then those a reload removed while their flows drain (health <c>draining</c>).</summary>
    public IReadOnlyList<MemberStatus> Members { get; init; } = [];

    /// <summary>Whether the rule's frontend is bound; see <see cref="StatusReport.Listeners"/>. Absent from an older flotilla-lb, so true unless it says otherwise.</summary>
    public bool Live { get; init; } = true;

    /// <summary>Why the frontend is not bound (<c>address already in use</c>), or null.</summary>
    public string? BindError { get; init; }
}
