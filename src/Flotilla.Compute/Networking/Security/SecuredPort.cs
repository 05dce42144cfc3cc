using System.Net;
using System.Net.NetworkInformation;
using Flotilla.Core.Security;

namespace Flotilla.Compute.Networking.Security;

/// <summary>
/// One VM NIC as the security compiler sees it: the tap device on the network's bridge, the MAC and the IPv4 address
/// the VM was given (only those may leave the tap), and the groups that judge its traffic.
/// </summary>
public sealed record SecuredPort
{
    /// <summary>The tap device's name in the network's namespace (letters, digits, '_', '.', '-'; at most 15).</summary>
    public required string Tap { get; init; }
    public required PhysicalAddress Mac { get; init; }
    public required IPAddress Address { get; init; }

    /// <summary>The group attached to the network, if any: evaluated first inbound, last outbound.</summary>
    public SecurityGroup? NetworkGroup { get; init; }

    /// <summary>The group attached to this NIC, if any: evaluated last inbound, first outbound.</summary>
    public SecurityGroup? NicGroup { get; init; }

    /// <summary>A port with no group at all lets everything through (anti-spoofing still holds), as in Azure.</summary>
    public bool IsFiltered => NetworkGroup is not null || NicGroup is not null;
}
