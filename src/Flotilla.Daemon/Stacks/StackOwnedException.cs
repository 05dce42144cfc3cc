namespace Flotilla.Daemon.Stacks;

/// <summary>
/// A verb of its own kind (<c>lb delete</c>, <c>vm undefine</c>, <c>network delete</c>, <c>nsg delete</c>) would remove a
/// resource a stack owns: the stack would go on declaring it and say nothing. Refused unless forced, as Azure refuses
/// to delete a resource under a lock; after <c>--force</c> the stack reports the resource <c>Missing</c>.
/// </summary>
public sealed class StackOwnedException(string kind, string name, string stack)
    : Exception($"{kind} '{name}' belongs to stack '{stack}': change the stack file or destroy the stack (--force deletes it anyway)")
{
    public string Kind { get; } = kind;

    public string Name { get; } = name;

    public string Stack { get; } = stack;
}
