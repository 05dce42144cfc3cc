namespace Flotilla.Core.Stacks;

/// <summary>
/// A load balancer the stack owns: one <c>balancers:</c> item of flotilla-lb's config once the daemon fills in
/// each member's address and each pool's namespace (members name VMs, since a VM's address may be chosen by the
/// daemon, and a namespace name carries the host's tag).
/// </summary>
public sealed record StackBalancer : StackResource
{
    public required string BalancerName { get; init; }

    public override string Name => BalancerName;

    public string FrontendAddress { get; init; } = LoadBalancerDeclaration.DefaultFrontendAddress;

    public IReadOnlyList<StackPool> Pools { get; init; } = [];

    public IReadOnlyList<StackProbe> Probes { get; init; } = [];

    public IReadOnlyList<StackRule> Rules { get; init; } = [];

    public override ResourceKind Kind => ResourceKind.LoadBalancer;

    /// <summary>Every VM in any of its pools.</summary>
    public IEnumerable<string> MemberVms => Pools.SelectMany(p => p.Members).Select(m => m.Vm).Distinct(StringComparer.Ordinal);

    /// <summary>This balancer with <paramref name="vms"/> taken out of every pool (a drain).</summary>
    public StackBalancer Without(IReadOnlySet<string> vms) => this with
    {
        Pools = [.. Pools.Select(p => p with { Members = [.. p.Members.Where(m => !vms.Contains(m.Vm))] })],
    };
}
