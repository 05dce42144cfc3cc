namespace Flotilla.Core.Stacks;

/// <summary>How a probe checks a member (flotilla-lb's ProbeProtocol; Core does not depend on the balancer).</summary>
public enum BalancerProbeProtocol
{
    Tcp,
    Http,
    Https,
}
