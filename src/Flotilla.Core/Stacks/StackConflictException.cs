namespace Flotilla.Core.Stacks;

/// <summary>
/// The stack asks for resources whose names are held by something it does not own (another stack, or a resource
/// made by hand). Nothing is planned: a stack never takes over, changes or deletes what is not its own.
/// </summary>
public sealed class StackConflictException(string stack, IReadOnlyList<ResourceRef> conflicts)
    : Exception(Describe(stack, conflicts))
{
    public string Stack { get; } = stack;

    public IReadOnlyList<ResourceRef> Conflicts { get; } = conflicts;

    // One line, whatever the count: several conflicts are listed, separated, before the one thing to do about them.
    private static string Describe(string stack, IReadOnlyList<ResourceRef> conflicts) => conflicts.Count == 1
        ? $"stack '{stack}': {Held(conflicts[0])}: rename it in the stack file or remove it"
        : $"stack '{stack}': {conflicts.Count} names are taken: {string.Join("; ", conflicts.Select(Held))}: rename them in the stack file or remove them";

    private static string Held(ResourceRef c) =>
        $"{PlanText.KindWord(c.Kind)} '{c.Name}' already exists and {(c.Stack is null ? "belongs to no stack" : $"belongs to stack '{c.Stack}'")}";
}
