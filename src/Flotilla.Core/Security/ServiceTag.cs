namespace Flotilla.Core.Security;

/// <summary>
/// A named set of addresses that is resolved per network when rules are enforced, as Azure's service tags are.
/// </summary>
public enum ServiceTag
{
    /// <summary>The network's own CIDR.</summary>
    VirtualNetwork,

    /// <summary>Every address outside the network's CIDR.</summary>
    Internet,

    /// <summary>The network's gateway address: Flotilla's balancer and its health probes connect to VMs from there.</summary>
    AzureLoadBalancer,
}
