using Flotilla.Core.Networks;

namespace Flotilla.Core.Stacks;

/// <summary>A network the stack owns, in the daemon's own model.</summary>
public sealed record StackNetwork : StackResource
{
    public required NetworkSpec Spec { get; init; }

    public override string Name => Spec.Name;

    public override ResourceKind Kind => ResourceKind.Network;
}
