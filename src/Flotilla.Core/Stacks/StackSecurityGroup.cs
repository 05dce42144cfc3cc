using Flotilla.Core.Security;

namespace Flotilla.Core.Stacks;

/// <summary>A security group the stack owns, in the daemon's own model.</summary>
public sealed record StackSecurityGroup : StackResource
{
    public required SecurityGroup Group { get; init; }

    public override string Name => Group.Name;

    public override ResourceKind Kind => ResourceKind.SecurityGroup;
}
