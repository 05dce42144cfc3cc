using Microsoft.Extensions.Logging;

namespace Flotilla.Compute.Networking;

/// <summary>
/// The nftables rules of nat networks. Inside a namespace, VM traffic leaving by the uplink is masqueraded to the
/// uplink's address; on the host, traffic from uplink addresses (<see cref="UplinkAddresses.Range"/>) leaving by any
/// other interface is masqueraded to the host's, so neither a VM's address nor the link-local one leaves the machine.
/// Each script replaces its table in one transaction (create if missing, delete, define).
/// </summary>
internal static class NatRules
{
    public const string NamespaceTable = "flotilla_nat";

    public static string Namespace(string cidr) => $$"""
        table ip {{NamespaceTable}}
        delete table ip {{NamespaceTable}}
        table ip {{NamespaceTable}} {
          chain postrouting {
            type nat hook postrouting priority srcnat; policy accept;
            oifname "{{NetworkNames.UplinkInside}}" ip saddr {{cidr}} masquerade
          }
        }
        """;

    public static string HostTable(NetworkNames names) => $"flotilla_{names.Tag}";

    public static string Host(NetworkNames names) => $$"""
        table ip {{HostTable(names)}}
        delete table ip {{HostTable(names)}}
        table ip {{HostTable(names)}} {
          chain postrouting {
            type nat hook postrouting priority srcnat; policy accept;
            ip saddr {{UplinkAddresses.Range}} oifname != "{{names.UplinkPattern}}" masquerade
          }
        }
        """;

    /// <summary>The host's masquerade table, and IPv4 forwarding (which outbound traffic from the namespaces needs).</summary>
    public static async Task EnsureHostAsync(NetworkNames names, ILogger logger, CancellationToken ct)
    {
        await NetTool.RunAsync("nft", ["-f", "-"], ct, Host(names)).ConfigureAwait(false);
        await new HostForwarding(null, logger).EnableAsync(ct).ConfigureAwait(false);
    }
}
