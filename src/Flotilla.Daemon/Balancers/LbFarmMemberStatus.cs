namespace Flotilla.Daemon.Balancers;

/// <summary>A farm member as the API shows it: <c>address</c> is its URL; <c>active</c> and <c>passive</c> its health checks' verdicts.</summary>
public sealed record LbFarmMemberStatus
{
    public string Member { get; init; } = "";
    public string Address { get; init; } = "";
    public string Active { get; init; } = "";
    public string Passive { get; init; } = "";
    public bool InRotation { get; init; }
}
