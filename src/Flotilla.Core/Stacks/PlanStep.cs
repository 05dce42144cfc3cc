namespace Flotilla.Core.Stacks;

/// <summary>One step of a <see cref="StackPlan"/>; the daemon runs the steps in order.</summary>
public sealed record PlanStep
{
    public required StepAction Action { get; init; }

    /// <summary>The state to reach (create, update, drain), or the resource to remove (delete).</summary>
    public required StackResource Resource { get; init; }

    /// <summary>The state before the step (update, drain, delete).</summary>
    public StackResource? Before { get; init; }

    /// <summary>What differs, in the words the plan text shows (<c>cpus: 1 -> 2</c>, <c>pool web: +web-3</c>).</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];

    /// <summary>One half of a re-create: the delete and the create of a resource that cannot change in place.</summary>
    public bool Replacement { get; init; }

    /// <summary>A VM update that needs the VM stopped and started again (it is drained first).</summary>
    public bool Restart { get; init; }

    /// <summary>For a <see cref="StepAction.Drain"/>: the VMs taken out of the balancer's pools.</summary>
    public IReadOnlyList<string> Drains { get; init; } = [];

    public ResourceKind Kind => Resource.Kind;

    public string Name => Resource.Name;

    public override string ToString() => PlanText.Line(this);
}
