using System.Net;

namespace Flotilla.Compute.Networking.Security;

/// <summary>
/// The input of <see cref="NsgCompiler"/>: one network on this host (its CIDR, the gateway address its bridge holds)
/// and every VM port on its bridge. Tags resolve against it: <c>VirtualNetwork</c> = <see cref="Cidr"/>,
/// <c>AzureLoadBalancer</c> = <see cref="Gateway"/>, <c>Internet</c> = everything outside <see cref="Cidr"/>.
/// </summary>
public sealed record SecuredNetwork
{
    public required IPNetwork Cidr { get; init; }
    public required IPAddress Gateway { get; init; }
    public IReadOnlyList<SecuredPort> Ports { get; init; } = [];
}
