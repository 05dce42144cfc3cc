namespace Flotilla.Core.Stacks;

/// <summary>A health probe, field for field flotilla-lb's (Azure Load Balancer's probe plus a healthy threshold).</summary>
public sealed record StackProbe
{
    public required string Name { get; init; }

    public BalancerProbeProtocol Protocol { get; init; } = BalancerProbeProtocol.Tcp;

    /// <summary>Null: each member's traffic port.</summary>
    public int? Port { get; init; }

    public string Path { get; init; } = "/";

    public int ExpectedStatus { get; init; } = 200;

    public int IntervalSeconds { get; init; } = 5;

    public int TimeoutSeconds { get; init; } = 5;

    public int UnhealthyThreshold { get; init; } = 2;

    public int HealthyThreshold { get; init; } = 1;
}
