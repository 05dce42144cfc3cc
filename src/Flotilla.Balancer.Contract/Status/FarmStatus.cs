namespace Flotilla.Balancer.Contract.Status;

/// <summary>A router's farm in <c>/status</c>: YARP's load-balancing policy, the affinity mode, and its members.</summary>
public sealed record FarmStatus
{
    public string Name { get; init; } = "";

    public string LoadBalancing { get; init; } = "";

    public string? Affinity { get; init; }

    public string? Namespace { get; init; }

    public IReadOnlyList<DestinationStatus> Members { get; init; } = [];
}
