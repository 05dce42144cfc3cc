using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>An item of <c>loadBalancers:</c>: Azure's frontend, backend pools, probes and rules.</summary>
public sealed record LoadBalancerDeclaration
{
    public const string DefaultFrontendAddress = "127.0.0.1";

    public required string Name { get; init; }

    public string FrontendAddress { get; init; } = DefaultFrontendAddress;

    public IReadOnlyList<PoolDeclaration> Pools { get; init; } = [];

    public IReadOnlyList<ProbeDeclaration> Probes { get; init; } = [];

    public IReadOnlyList<RuleDeclaration> Rules { get; init; } = [];

    public required SpecOrigin Origin { get; init; }
}
