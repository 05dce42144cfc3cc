namespace Flotilla.Balancer.Contract.Status;

/// <summary>A farm member in <c>/status</c>: <see cref="Member"/> is <c>IP:PORT</c>, <see cref="Address"/> YARP's destination URL.</summary>
public sealed record DestinationStatus
{
    public string Member { get; init; } = "";

    public string Address { get; init; } = "";

    /// <summary>YARP's active health verdict: unknown, healthy or unhealthy.</summary>
    public string Active { get; init; } = "";

    /// <summary>The passive verdict (unhealthy while ejected).</summary>
    public string Passive { get; init; } = "";

    /// <summary>Whether new requests may go to it now.</summary>
    public bool InRotation { get; init; }

    public int ConcurrentRequests { get; init; }
}
