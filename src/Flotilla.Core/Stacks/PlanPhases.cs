namespace Flotilla.Core.Stacks;

/// <summary>The planner's steps sorted into the phases it runs them in (see <see cref="StackPlanner"/>).</summary>
internal sealed class PlanPhases
{
    public List<PlanStep> CreateGroups { get; } = [];
    public List<PlanStep> CreateNetworks { get; } = [];
    public List<PlanStep> DrainBalancers { get; } = [];
    public List<PlanStep> DeleteVms { get; } = [];
    public List<PlanStep> DeleteNetworks { get; } = [];
    public List<PlanStep> RecreateNetworks { get; } = [];
    public List<PlanStep> CreateVms { get; } = [];
    public List<PlanStep> CreateBalancers { get; } = [];
    public List<PlanStep> DeleteGroups { get; } = [];

    public IReadOnlyList<PlanStep> InOrder() =>
    [
        .. CreateGroups, .. CreateNetworks, .. DrainBalancers, .. DeleteVms, .. DeleteNetworks,
        .. RecreateNetworks, .. CreateVms, .. CreateBalancers, .. DeleteGroups,
    ];
}
