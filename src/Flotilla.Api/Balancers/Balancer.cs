namespace Flotilla.Api.Balancers;

/// <summary>A balancer as <c>GET /v1/balancers/NAME</c> shows it: the part of its spec the CLI prints, and its status.</summary>
public sealed record Balancer
{
    public required string Name { get; init; }
    public long Revision { get; init; }
    public BalancerSpec Spec { get; init; } = new();
    public BalancerStatus Status { get; init; } = new();
}

/// <summary>What the table shows of a spec; <c>-o json</c> prints all of it.</summary>
public sealed record BalancerSpec
{
    public string? FrontendAddress { get; init; }
    public IReadOnlyList<BalancerRule> Rules { get; init; } = [];

    /// <summary>Set for a router (L7): its listeners, read for the table; the rest is flotilla-lb's keys.</summary>
    public RouterKeys? Router { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}

public sealed record BalancerRule(string Name, string? Protocol, int? FrontendPort, int? BackendPort, string? BackendPool, string? Probe);

/// <summary>The host's flotilla-lb as it serves this balancer.</summary>
public sealed record BalancerStatus
{
    public string Process { get; init; } = "";
    public int? Pid { get; init; }
    public bool Live { get; init; }
    public string? Message { get; init; }
    public int MembersUp { get; init; }
    public int MembersDown { get; init; }
    public IReadOnlyList<BalancerRuleStatus> Rules { get; init; } = [];
}

public sealed record BalancerRuleStatus(string Name, string Frontend, int ActiveFlows, IReadOnlyList<BalancerMemberStatus> Members);

public sealed record BalancerMemberStatus(string Address, string Health, bool InRotation, long ActiveFlows, string? LastProbeFailure, string? Namespace);

/// <summary>The part of a router's keys the CLI shows.</summary>
public sealed record RouterKeys
{
    public IReadOnlyList<RouterListener> Listeners { get; init; } = [];
}

public sealed record RouterListener(string? Address, int? Port, System.Text.Json.JsonElement? Tls);
