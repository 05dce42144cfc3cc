namespace Flotilla.Balancer.Contract.Status;

/// <summary>A router in flotilla-lb's <c>/status</c>: where it listens (<c>http://IP:PORT</c>), its rules in order, its farms with each member's health.</summary>
public sealed record RouterStatus
{
    public string Name { get; init; } = "";

    public IReadOnlyList<string> Listeners { get; init; } = [];

    public IReadOnlyList<string> Rules { get; init; } = [];

    public IReadOnlyList<FarmStatus> Farms { get; init; } = [];
}
