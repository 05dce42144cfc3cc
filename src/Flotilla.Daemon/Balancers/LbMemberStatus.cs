namespace Flotilla.Daemon.Balancers;

/// <summary>A member of a rule as the API shows it: <c>inRotation</c> is what "up" means here.</summary>
public sealed record LbMemberStatus
{
    public string Address { get; init; } = "";
    public string Health { get; init; } = "";
    public bool InRotation { get; init; }
    public long ActiveFlows { get; init; }
    public string? LastProbeFailure { get; init; }
    /// <summary>When its probe last passed; null without a probe, or before one has passed.</summary>
    public DateTimeOffset? LastProbeSuccess { get; init; }
    public string? Namespace { get; init; }
}
