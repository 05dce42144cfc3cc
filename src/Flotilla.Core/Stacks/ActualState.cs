namespace Flotilla.Core.Stacks;

/// <summary>
/// What exists on the host, as the daemon reads it from its store: the resources some stack owns (each with its
/// <see cref="StackResource.Stack"/> tag, in the same records as the desired state) and the names of everything else.
/// The daemon may pass every stack's resources: the planner acts only on those of the stack it plans, and refuses to
/// create a resource whose name another owner holds.
/// </summary>
public sealed record ActualState
{
    public static readonly ActualState Empty = new();

    public IReadOnlyList<StackSecurityGroup> SecurityGroups { get; init; } = [];

    public IReadOnlyList<StackNetwork> Networks { get; init; } = [];

    /// <summary>
    /// The stack's VMs as they are: a NIC's address as the VM holds it (a desired address of null accepts any), cpus
    /// and memory as defined.
    /// </summary>
    public IReadOnlyList<StackVm> Vms { get; init; } = [];

    /// <summary>The stack's balancers as flotilla-lb was last given them.</summary>
    public IReadOnlyList<StackBalancer> Balancers { get; init; } = [];

    /// <summary>The stack's routers as flotilla-lb was last given them.</summary>
    public IReadOnlyList<StackRouter> Routers { get; init; } = [];

    /// <summary>
    /// Balancers and routers (by name) the store has but flotilla-lb does not serve as stored, with why (a frontend
    /// another program holds): a plan puts them again even when their spec is unchanged, so an apply that failed
    /// half-way is retried by the next one instead of finding "no changes", as Terraform re-plans a tainted resource.
    /// </summary>
    public IReadOnlyDictionary<string, string> NotLive { get; init; } = new Dictionary<string, string>();

    /// <summary>Resources no stack made (<c>vm create</c>, <c>network create</c>…): never touched; their names are taken.</summary>
    public IReadOnlyList<ResourceRef> Others { get; init; } = [];
}
