using Flotilla.Core.Networks;

namespace Flotilla.Api.Networks;

/// <summary>The body of <c>POST /v1/networks</c>.</summary>
public sealed record CreateNetworkRequest
{
    public string? Name { get; init; }
    public string? Cidr { get; init; }
    public NetworkMode Mode { get; init; } = NetworkMode.Nat;
    public string? HostBridge { get; init; }
    public string? SecurityGroup { get; init; }
    /// <summary>Set by <c>flotilla apply</c>: the owning stack.</summary>
    public string? Stack { get; init; }
}
