namespace Flotilla.Api.Stacks.Status;

/// <summary>One resource of a stack (<c>vm web-0</c>) and its conditions; ready when every condition holds.</summary>
public sealed record ResourceStatus(string Kind, string Name, IReadOnlyList<Condition> Conditions)
{
    public bool Ready => Conditions.All(c => c.Holds);
}
