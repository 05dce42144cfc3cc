namespace Flotilla.Core.Stacks;

/// <summary>A load-balancing rule, field for field flotilla-lb's: <c>protocol + frontendPort -> backendPort</c> onto a pool.</summary>
public sealed record StackRule
{
    public required string Name { get; init; }

    public BalancerRuleProtocol Protocol { get; init; } = BalancerRuleProtocol.Tcp;

    public required int FrontendPort { get; init; }

    public required int BackendPort { get; init; }

    public required string BackendPool { get; init; }

    public string? Probe { get; init; }

    /// <summary>Azure's <c>load_distribution</c>.</summary>
    public LoadDistribution Distribution { get; init; } = LoadDistribution.Default;

    public int IdleTimeoutMinutes { get; init; } = 4;

    public bool EnableTcpReset { get; init; }

    /// <summary>How long flows to a drained member may live; null: the idle timeout.</summary>
    public int? DrainTimeoutSeconds { get; init; }
}
