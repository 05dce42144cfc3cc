namespace Flotilla.Daemon.Balancers;

/// <summary>A router as the API shows it (<see cref="BalancerStatus.Router"/>): listeners, and each farm's members with their health.</summary>
public sealed record LbRouterStatus
{
    public string Name { get; init; } = "";
    public IReadOnlyList<string> Listeners { get; init; } = [];
    public IReadOnlyList<LbFarmStatus> Farms { get; init; } = [];
}
