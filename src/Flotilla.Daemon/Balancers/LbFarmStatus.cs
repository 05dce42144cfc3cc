namespace Flotilla.Daemon.Balancers;

/// <summary>A router's farm as the API shows it.</summary>
public sealed record LbFarmStatus
{
    public string Name { get; init; } = "";
    public string? Namespace { get; init; }
    public IReadOnlyList<LbFarmMemberStatus> Members { get; init; } = [];
}
