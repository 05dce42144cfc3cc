namespace Flotilla.Core.Stacks;

/// <summary>
/// A resource a stack owns: the desired state from <see cref="StackExpander"/>, and what the daemon reports as the
/// stack's actual resources (<see cref="ActualState"/>). <see cref="Stack"/> is the ownership tag: destroy removes what
/// carries the stack's name, and the planner never touches anything else.
/// </summary>
public abstract record StackResource
{
    public required string Stack { get; init; }

    public abstract string Name { get; }

    public abstract ResourceKind Kind { get; }
}
