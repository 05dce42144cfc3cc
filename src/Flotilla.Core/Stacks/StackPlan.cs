namespace Flotilla.Core.Stacks;

/// <summary>The ordered steps that take a stack's actual resources to its desired ones (<see cref="StackPlanner"/>).</summary>
public sealed record StackPlan(string Stack, IReadOnlyList<PlanStep> Steps)
{
    public bool IsEmpty => Steps.Count == 0;

    public int ToAdd => Steps.Count(s => s.Action == StepAction.Create);

    /// <summary>Resources changed in place or drained, each counted once however many steps touch it.</summary>
    public int ToChange => Steps.Where(s => s.Action is StepAction.Update or StepAction.Drain).Select(s => (s.Kind, s.Name)).Distinct().Count();

    public int ToDestroy => Steps.Count(s => s.Action == StepAction.Delete);

    /// <summary>Terraform-like text: one line per step and a summary, or exactly <c>No changes.</c>.</summary>
    public string ToText() => PlanText.Render(this);

    public override string ToString() => ToText();
}
