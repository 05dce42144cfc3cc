namespace Flotilla.Api.Stacks.Status;

/// <summary>
/// A stack as <c>flotilla stack show</c> prints it: ready when all its resources are; otherwise <see cref="Reason"/> and
/// <see cref="Message"/> name the first condition that does not hold, in the order the stack is built (security
/// groups, networks, VMs, balancers), so the root cause comes before what follows from it.
/// </summary>
public sealed record StackStatus(string Name, bool Ready, string? Reason, string? Message, IReadOnlyList<ResourceStatus> Resources)
{
    public static StackStatus Of(string name, IReadOnlyList<ResourceStatus> resources)
    {
        var first = resources.SelectMany(r => r.Conditions.Where(c => !c.Holds).Select(c => (Resource: r, Condition: c))).FirstOrDefault();
        return first.Resource is null
            ? new StackStatus(name, true, null, null, resources)
            : new StackStatus(name, false, first.Condition.Reason, $"{first.Resource.Kind} {first.Resource.Name}: {first.Condition.Type} is {first.Condition.Status}: {first.Condition.Message}", resources);
    }
}
