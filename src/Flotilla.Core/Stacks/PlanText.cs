using System.Globalization;
using System.Text;

namespace Flotilla.Core.Stacks;

/// <summary>
/// Renders a plan as Terraform does, in step order: <c>+ vm web-3</c>, <c>~ loadBalancer web (pool web: +web-3)</c>,
/// <c>- vm web-3</c>, then <c>Plan: 1 to add, 1 to change, 0 to destroy.</c>. An empty plan is exactly
/// <c>No changes.</c>, one line, so scripts can test for it.
/// </summary>
public static class PlanText
{
    public const string NoChanges = "No changes.";

    public static string Render(StackPlan plan)
    {
        if (plan.IsEmpty)
        {
            return NoChanges;
        }

        var text = new StringBuilder();
        foreach (var step in plan.Steps)
        {
            text.Append(Line(step)).Append('\n');
        }

        text.Append('\n').Append(Summary(plan));
        return text.ToString();
    }

    public static string Summary(StackPlan plan) => string.Create(CultureInfo.InvariantCulture,
        $"Plan: {plan.ToAdd} to add, {plan.ToChange} to change, {plan.ToDestroy} to destroy.");

    public static string Line(PlanStep step)
    {
        var symbol = step.Action switch
        {
            StepAction.Create => "+",
            StepAction.Delete => "-",
            _ => "~",
        };
        var details = new List<string>();
        if (step.Replacement)
        {
            details.Add(step.Changes.Count == 0 || step.Action == StepAction.Create ? "re-create" : $"re-create: {string.Join("; ", step.Changes)}");
        }
        else
        {
            details.AddRange(step.Changes);
        }

        if (step.Restart)
        {
            details.Add("restart");
        }

        var suffix = details.Count == 0 ? "" : $" ({string.Join("; ", details)})";
        return $"{symbol} {KindWord(step.Kind)} {step.Name}{suffix}";
    }

    /// <summary>The kind as the stack file's keys spell it.</summary>
    public static string KindWord(ResourceKind kind) => kind switch
    {
        ResourceKind.SecurityGroup => "securityGroup",
        ResourceKind.Network => "network",
        ResourceKind.Vm => "vm",
        ResourceKind.LoadBalancer => "loadBalancer",
        _ => "router",
    };
}
