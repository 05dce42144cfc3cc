namespace Flotilla.Core.Stacks;

/// <summary>
/// What a stack file asks for, as resources in the daemon's own model, each tagged with the stack's name
/// (<see cref="StackExpander"/>). The planner compares it with <see cref="ActualState"/>.
/// </summary>
public sealed record DesiredStack
{
    public required string Name { get; init; }

    public IReadOnlyList<StackSecurityGroup> SecurityGroups { get; init; } = [];

    public IReadOnlyList<StackNetwork> Networks { get; init; } = [];

    /// <summary>Every VM instance, in file order then index order.</summary>
    public IReadOnlyList<StackVm> Vms { get; init; } = [];

    public IReadOnlyList<StackBalancer> Balancers { get; init; } = [];

    public IReadOnlyList<StackRouter> Routers { get; init; } = [];

    public IReadOnlyList<OutputDeclaration> Outputs { get; init; } = [];

    public VerifyDeclaration? Verify { get; init; }

    /// <summary>A stack that asks for nothing: planning it against what the stack owns is <c>destroy</c>.</summary>
    public static DesiredStack Empty(string name) => new() { Name = name };

    public IEnumerable<StackResource> Resources =>
        SecurityGroups.Cast<StackResource>().Concat(Networks).Concat(Vms).Concat(Balancers).Concat(Routers);
}
