using System.Net;
using System.Net.NetworkInformation;
using Flotilla.Compute.Networking.Security;
using Flotilla.Core.Security;

namespace Flotilla.Compute.Tests.Networking.Security;

/// <summary>Networks, ports and rules for the security tests, written the way users write rules.</summary>
internal static class SecuredNetworks
{
    public static SecuredPort Port(string tap, string address, string mac, SecurityGroup? network = null, SecurityGroup? nic = null) => new()
    {
        Tap = tap,
        Address = IPAddress.Parse(address),
        Mac = PhysicalAddress.Parse(mac),
        NetworkGroup = network,
        NicGroup = nic,
    };

    public static SecuredNetwork Network(string cidr, string gateway, params SecuredPort[] ports) => new()
    {
        Cidr = IPNetwork.Parse(cidr),
        Gateway = IPAddress.Parse(gateway),
        Ports = ports,
    };

    public static SecurityGroup Group(string name, params SecurityRuleText[] rules) =>
        rules.Aggregate(new SecurityGroup { Name = name }, (group, rule) => group.WithRule(rule.Parse(name)));

    /// <summary>A rule as the CLI takes it: <c>--name … --priority … --direction … --access … --protocol … --port …</c>.</summary>
    public static SecurityRuleText Rule(string name, int priority, string direction, string access, string protocol = "*",
        string port = "*", string source = "*", string destination = "*", string sourcePort = "*") => new()
    {
        Name = name,
        Priority = priority,
        Direction = direction,
        Access = access,
        Protocol = protocol,
        DestinationPortRange = port,
        SourceAddressPrefix = source,
        DestinationAddressPrefix = destination,
        SourcePortRange = sourcePort,
    };
}
