namespace Flotilla.Daemon.Balancers;

/// <summary>
/// A rule as the API shows it (<see cref="BalancerStatus.Rules"/>): the part of flotilla-lb's <c>/status</c> rule
/// (the contract's <c>RuleStatus</c>) a user reads; <see cref="LbStatusViews"/> takes it from there.
/// </summary>
public sealed record LbRuleStatus
{
    public string Balancer { get; init; } = "";
    public string Name { get; init; } = "";
    public string Frontend { get; init; } = "";
    public int ActiveFlows { get; init; }
    public IReadOnlyList<LbMemberStatus> Members { get; init; } = [];

    /// <summary>Whether its frontend is bound.</summary>
    public bool Live { get; init; } = true;

    /// <summary>Why its frontend is not bound (<c>address already in use</c>), while it is not.</summary>
    public string? BindError { get; init; }
}
