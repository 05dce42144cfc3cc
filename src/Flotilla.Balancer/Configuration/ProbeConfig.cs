namespace Flotilla.Balancer.Configuration;

public enum ProbeProtocol
{
    Tcp,
    Http,
    Https,
}

/// <summary>A health probe, as Azure Load Balancer defines it, plus a healthy threshold.</summary>
public sealed record ProbeConfig
{
    public required string Name { get; init; }

    public ProbeProtocol Protocol { get; init; } = ProbeProtocol.Tcp;

    /// <summary>Probe port; when absent, each member's target port.</summary>
    public int? Port { get; init; }

    public string Path { get; init; } = "/";

    public int ExpectedStatus { get; init; } = 200;

    public int IntervalSeconds { get; init; } = 5;

    public int TimeoutSeconds { get; init; } = 5;

    public int UnhealthyThreshold { get; init; } = 2;

    public int HealthyThreshold { get; init; } = 1;
}
