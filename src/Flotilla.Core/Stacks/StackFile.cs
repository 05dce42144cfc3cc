using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>
/// A stack file as written, read by <see cref="StackFileReader"/>: every item keeps where it was written so that
/// <see cref="StackValidator"/> can point at the file, line and key; <see cref="StackExpander"/> turns it into resources.
/// </summary>
public sealed record StackFile
{
    /// <summary>The stack's name (a DNS label); every resource the stack makes is tagged with it.</summary>
    public required string Name { get; init; }

    /// <summary>The file name errors are reported against.</summary>
    public required string File { get; init; }

    public required SpecOrigin Origin { get; init; }

    public IReadOnlyList<NetworkDeclaration> Networks { get; init; } = [];

    public IReadOnlyList<SecurityGroupDeclaration> SecurityGroups { get; init; } = [];

    public IReadOnlyList<VmDeclaration> Vms { get; init; } = [];

    public IReadOnlyList<LoadBalancerDeclaration> LoadBalancers { get; init; } = [];

    public IReadOnlyList<RouterDeclaration> Routers { get; init; } = [];

    public IReadOnlyList<OutputDeclaration> Outputs { get; init; } = [];

    public VerifyDeclaration? Verify { get; init; }
}
