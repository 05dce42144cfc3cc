namespace Flotilla.Daemon.Balancers;

/// <summary>A balancer as the API shows it: what is wanted (<see cref="Spec"/>, at <see cref="Revision"/>) and what is.</summary>
public sealed record BalancerView(string Name, long Revision, BalancerSpec Spec, BalancerStatus Status);

/// <summary>
/// What is: the host's flotilla-lb (<c>process</c>: stopped, starting, running, restarting; its pid), whether this
/// revision of the spec is in its live config, and each rule's members as its last /status said.
/// </summary>
public sealed record BalancerStatus
{
    public required string Process { get; init; }
    public int? Pid { get; init; }
    public bool Live { get; init; }
    public string? Message { get; init; }

    /// <summary>Set when a frontend of it is not bound: which, and why (<c>tcp 127.0.0.1:80: address already in use</c>).</summary>
    public string? BindError { get; init; }
    public int MembersUp { get; init; }
    public int MembersDown { get; init; }
    public IReadOnlyList<LbRuleStatus> Rules { get; init; } = [];

    /// <summary>For a router: its listeners and farms as flotilla-lb's last /status said.</summary>
    public LbRouterStatus? Router { get; init; }
}
