using System.Security.Cryptography;
using System.Text;

namespace Flotilla.Compute.Networking;

/// <summary>
/// The names one host gives what it creates for networks. Every name carries the host's tag (6 hex digits of its
/// id), so two hosts on one machine never collide; interface names fit Linux's 15 characters whatever the VM or
/// network name (a 6-hex-digit hash of it stands in):
/// <code>
/// flotilla-TAG-NETWORK   the network's namespace (under /run/netns, as `ip netns` keeps them)
/// br0                    its bridge, inside the namespace (the gateway address is the bridge's)
/// flTAGtHASH             a VM NIC's tap (HASH of "VM/INDEX"), made by QEMU on the host, then moved into the namespace
/// flTAGuHASH             the host end of a nat or bridge network's uplink veth (HASH of the network name)
/// uplink                 the namespace end of that veth
/// </code>
/// </summary>
public sealed class NetworkNames
{
    public const string Bridge = "br0";
    public const string UplinkInside = "uplink";
    public const string NamespaceDir = "/run/netns";

    public NetworkNames(string hostId)
    {
        if (hostId.Length < 6) throw new ArgumentException("a host id has at least 6 characters", nameof(hostId));
        Tag = hostId[..6];
    }

    /// <summary>The host's 6-hex-digit tag.</summary>
    public string Tag { get; }

    /// <summary>The prefix of every namespace this host owns (to find those left by deleted networks).</summary>
    public string NamespacePrefix => $"flotilla-{Tag}-";

    public string Namespace(string network) => NamespacePrefix + network;

    public static string NamespacePath(string @namespace) => Path.Combine(NamespaceDir, @namespace);

    public string Tap(string vm, int nicIndex) => $"fl{Tag}t{Hash($"{vm}/{nicIndex}")}";

    public string UplinkOutside(string network) => $"fl{Tag}u{Hash(network)}";

    /// <summary>The pattern nftables matches this host's uplinks with.</summary>
    public string UplinkPattern => $"fl{Tag}u*";

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..6];
}
