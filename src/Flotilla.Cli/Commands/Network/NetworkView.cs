using System.Globalization;
using Flotilla.Api.Json;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Network;

/// <summary>How networks read in the default (table) output.</summary>
internal static class NetworkView
{
    private static readonly string[] Header = ["NAME", "MODE", "CIDR", "GATEWAY", "NICS", "READY"];
    private static readonly string[] PortHeader = ["VM", "NIC", "ADDRESS", "MAC", "TAP", "NSG"];

    public static string Table(IEnumerable<Api.Networks.NetworkView> networks) => TextTable.Render(Header, networks.Select(n => (IReadOnlyList<string>)
    [
        n.Name, Mode(n), n.Cidr, n.Gateway, n.Ports.Count.ToString(CultureInfo.InvariantCulture), n.Ready ? "yes" : "no",
    ]));

    public static string Details(Api.Networks.NetworkView network)
    {
        var fields = TextTable.Fields(
        [
            ("name", network.Name),
            ("mode", Mode(network)),
            ("cidr", network.Cidr),
            ("gateway", network.Gateway),
            ("host address", network.HostAddress is { } host ? $"{host} (the host, as VMs reach it)" : "-"),
            ("addresses", $"{network.Ports.Count} of {network.Capacity} held"),
            ("nsg", network.SecurityGroup ?? "-"),
            ("namespace", $"{network.Namespace} ({(network.Ready ? "present" : "missing: flotillad rebuilds it")})"),
        ]);
        if (network.Ports.Count == 0) return fields + "no NICs on it\n";
        return fields + "\n" + TextTable.Render(PortHeader, network.Ports.Select(p => (IReadOnlyList<string>)
            [p.Vm, $"nic{p.Nic}", p.Address, p.Mac, p.Tap, p.SecurityGroup ?? "-"]));
    }

    private static string Mode(Api.Networks.NetworkView n) => n.HostBridge is { } bridge ? $"{WireText.Of(n.Mode)} ({bridge})" : WireText.Of(n.Mode);
}
