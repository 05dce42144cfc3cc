namespace Flotilla.Core.Stacks;

/// <summary>The kinds of resource a stack makes, in the order they are created (and deleted in reverse).</summary>
public enum ResourceKind
{
    SecurityGroup,
    Network,
    Vm,
    LoadBalancer,
    Router,
}
