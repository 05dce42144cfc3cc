namespace Flotilla.Core.Stacks;

/// <summary>
/// The stack asks for resources whose names are held by something it does not own (another stack, or a resource
/// made by hand). Nothing is planned: a stack never takes over, changes or deletes what is not its own.
/// </summary>
public sealed class StackConflictException(string stack, IReadOnlyList<ResourceRef> conflicts)
    : Exception(string.Join('\n', conflicts.Select(c =>
        $"stack '{stack}': {PlanText.KindWord(c.Kind)} '{c.Name}' already exists and {(c.Stack is null ? "belongs to no stack" : $"belongs to stack '{c.Stack}'")}: rename it in the stack file or remove it")))
{
    public string Stack { get; } = stack;

    public IReadOnlyList<ResourceRef> Conflicts { get; } = conflicts;
}
