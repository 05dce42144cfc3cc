namespace Flotilla.Core.Vms;

/// <summary>
/// A VM's NIC on a Flotilla network: a tap on the network's bridge. Its MAC and address are handed out once (at create
/// or clone) and recorded in the store, so they stay the VM's wherever it runs.
/// </summary>
public sealed record VmNic
{
    public required string Network { get; init; }
    /// <summary>The IPv4 address the network handed out (no prefix; the network's CIDR gives it).</summary>
    public required string Address { get; init; }
    /// <summary>The prefix length of the network's CIDR, which the guest configures with the address.</summary>
    public required int PrefixLength { get; init; }
    /// <summary>The default gateway the guest is given (nat networks: the bridge's address); null for none.</summary>
    public string? Gateway { get; init; }
    public required string Mac { get; init; }
    /// <summary>The NIC's own security group (Azure's NIC NSG), applied with the network's.</summary>
    public string? SecurityGroup { get; init; }
}
