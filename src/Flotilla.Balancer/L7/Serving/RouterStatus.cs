namespace Flotilla.Balancer.L7.Serving;

/// <summary>A router in flotilla-lb's <c>/status</c>: where it listens, its rules in order, its farms with each member's health.</summary>
public sealed record RouterStatus(string Name, IReadOnlyList<string> Listeners, IReadOnlyList<string> Rules, IReadOnlyList<FarmStatus> Farms);

public sealed record FarmStatus(string Name, string LoadBalancing, string? Affinity, string? Namespace, IReadOnlyList<DestinationStatus> Members);

/// <param name="Active">YARP's active health verdict: unknown, healthy or unhealthy.</param>
/// <param name="Passive">The passive verdict (unhealthy while ejected).</param>
/// <param name="InRotation">Whether new requests may go to it now.</param>
public sealed record DestinationStatus(string Member, string Address, string Active, string Passive, bool InRotation, int ConcurrentRequests);
