namespace Flotilla.Core.Stacks;

/// <summary>Azure Load Balancer's <c>load_distribution</c> (flotilla-lb's Distribution).</summary>
public enum LoadDistribution
{
    /// <summary>5-tuple hash: source IP and port, destination IP and port, protocol.</summary>
    Default,

    /// <summary>2-tuple, "client IP" persistence.</summary>
    SourceIP,

    /// <summary>3-tuple, "client IP and protocol" persistence.</summary>
    SourceIPProtocol,
}
