using Flotilla.Core.Networks;
using Microsoft.Extensions.Logging;

namespace Flotilla.Compute.Networking;

/// <summary>
/// One host's share of its networks: per network a namespace (<see cref="NetworkNames"/>) holding the bridge with the
/// gateway address, and for <c>nat</c> an uplink veth to the host with masquerade inside the namespace (and on the
/// host, for the uplink's own link-local address), for <c>bridge</c> a veth into the named host bridge. The host
/// holds no route to any network's CIDR: VMs are reached from inside the namespace. Every step is idempotent, so
/// <see cref="EnsureAsync"/> both builds a network and rebuilds what is missing (after a reboot, or a deleted
/// namespace). Commands run as child processes (<c>ip -n</c>, <c>ip netns exec</c>), never by setns in this process.
/// </summary>
public sealed partial class HostNetworks(NetworkNames names, ILogger logger)
{
    public NetworkNames Names { get; } = names;

    /// <summary>Root (CAP_NET_ADMIN) is what namespaces, bridges and taps need.</summary>
    public static bool Available => Environment.IsPrivilegedProcess;

    /// <exception cref="NetworksUnavailableException">Not root.</exception>
    public static void EnsureAvailable()
    {
        if (!Available) throw new NetworksUnavailableException();
    }

    /// <summary>Builds or repairs the network on this host; returns what it is made of.</summary>
    /// <exception cref="InvalidNetworkException">A <c>bridge</c> network's host bridge does not exist.</exception>
    /// <exception cref="NetworkSetupException">A command failed.</exception>
    public async Task<NetworkRuntime> EnsureAsync(NetworkSpec spec, CancellationToken ct)
    {
        EnsureAvailable();
        var plan = AddressPlan.Parse(spec.Cidr);
        var ns = Names.Namespace(spec.Name);
        if (!File.Exists(NetworkNames.NamespacePath(ns)))
        {
            await NetTool.IpAsync(ct, "netns", "add", ns).ConfigureAwait(false);
            Log.NamespaceCreated(logger, ns, spec.Name);
        }
        await NetTool.IpInAsync(ns, ct, "link", "set", "lo", "up").ConfigureAwait(false);
        if (!await NetTool.LinkExistsAsync(ns, NetworkNames.Bridge, ct).ConfigureAwait(false))
        {
            await NetTool.IpInAsync(ns, ct, "link", "add", NetworkNames.Bridge, "type", "bridge").ConfigureAwait(false);
        }
        await NetTool.IpInAsync(ns, ct, "addr", "replace", plan.GatewayWithPrefix, "dev", NetworkNames.Bridge).ConfigureAwait(false);
        await NetTool.IpInAsync(ns, ct, "link", "set", NetworkNames.Bridge, "up").ConfigureAwait(false);
        string? uplink = spec.Mode switch
        {
            NetworkMode.Nat => await EnsureNatAsync(spec, plan, ns, ct).ConfigureAwait(false),
            NetworkMode.Bridge => await EnsureBridgedAsync(spec, ns, ct).ConfigureAwait(false),
            _ => null,
        };
        return new NetworkRuntime(ns, NetworkNames.Bridge, plan.Gateway.ToString(), uplink);
    }

    /// <summary>Removes the network's namespace: its bridge, taps and veths (the host end goes with its peer) and rules.</summary>
    public async Task DeleteAsync(string network, CancellationToken ct)
    {
        var ns = Names.Namespace(network);
        // The kernel dismantles a deleted namespace later, in a work queue: the uplink's host end would linger for a
        // moment, and a network of the same name created at once would collide with it. Deleting it first is synchronous.
        var outside = Names.UplinkOutside(network);
        if (await NetTool.LinkExistsAsync(null, outside, ct).ConfigureAwait(false)) await NetTool.IpAsync(ct, "link", "del", "dev", outside).ConfigureAwait(false);
        if (!File.Exists(NetworkNames.NamespacePath(ns))) return;
        await NetTool.IpAsync(ct, "netns", "del", ns).ConfigureAwait(false);
        Log.NamespaceDeleted(logger, ns);
    }

    /// <summary>For a nat network: the host's address on its uplink, which is how VMs reach the host itself.</summary>
    public async Task<string?> HostAddressAsync(string network, CancellationToken ct)
    {
        var outside = Names.UplinkOutside(network);
        var shown = await NetTool.TryAsync("ip", ["-j", "-4", "addr", "show", "dev", outside], ct).ConfigureAwait(false);
        return shown.ExitCode == 0 ? UplinkAddresses.FromIpJson(shown.StandardOutput).FirstOrDefault() : null;
    }

    /// <summary>
    /// Removes the host's masquerade table once no nat network is left to need it, and turns host forwarding back off
    /// when flotilla turned it on and no other flotillad's nat network on this host still needs it (<see cref="HostForwarding"/>).
    /// </summary>
    public async Task DropHostRulesAsync(CancellationToken ct)
    {
        var table = NatRules.HostTable(Names);
        var listed = await NetTool.TryAsync("nft", ["list", "table", "ip", table], ct).ConfigureAwait(false);
        if (listed.ExitCode == 0) await NetTool.RunAsync("nft", ["delete", "table", "ip", table], ct).ConfigureAwait(false);
        await new HostForwarding(null, logger).RestoreAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The networks this host has a namespace for (including ones no longer defined, to be deleted).</summary>
    public IReadOnlyList<string> Present()
    {
        if (!Directory.Exists(NetworkNames.NamespaceDir)) return [];
        return Directory.EnumerateFiles(NetworkNames.NamespaceDir)
            .Select(Path.GetFileName)
            .Where(n => n!.StartsWith(Names.NamespacePrefix, StringComparison.Ordinal))
            .Select(n => n![Names.NamespacePrefix.Length..])
            .ToList();
    }

    /// <summary>
    /// Puts a VM NIC's tap (made by QEMU in this namespace) on the network's bridge: moved into the network's namespace
    /// (QEMU's descriptor stays valid), enslaved to the bridge, up. Idempotent: a tap already there is only checked.
    /// </summary>
    /// <exception cref="NetworkSetupException">Neither here nor in the namespace, or a command failed.</exception>
    public async Task AttachTapAsync(string tap, string network, CancellationToken ct)
    {
        var ns = Names.Namespace(network);
        if (!File.Exists(NetworkNames.NamespacePath(ns))) throw new NetworkSetupException($"network '{network}' has no namespace {ns} on this host");
        if (!await NetTool.LinkExistsAsync(ns, tap, ct).ConfigureAwait(false))
        {
            if (!await NetTool.LinkExistsAsync(null, tap, ct).ConfigureAwait(false)) throw new NetworkSetupException($"tap {tap} does not exist");
            await NetTool.IpAsync(ct, "link", "set", "dev", tap, "netns", ns).ConfigureAwait(false);
        }
        await NetTool.IpInAsync(ns, ct, "link", "set", "dev", tap, "master", NetworkNames.Bridge, "up").ConfigureAwait(false);
    }

    /// <summary>Whether the tap is on the network's bridge now (false after its namespace was deleted under it).</summary>
    public Task<bool> TapPresentAsync(string tap, string network, CancellationToken ct) =>
        NetTool.LinkExistsAsync(Names.Namespace(network), tap, ct);

    private async Task<string> EnsureNatAsync(NetworkSpec spec, AddressPlan plan, string ns, CancellationToken ct)
    {
        var outside = await EnsureUplinkAsync(spec.Name, ns, ct).ConfigureAwait(false);
        var index = UplinkAddresses.IndexOf(UplinkAddresses.FromIpJson(await NetTool.IpAsync(ct, "-j", "-4", "addr", "show", "dev", outside).ConfigureAwait(false)))
            ?? UplinkAddresses.FirstFree(UplinkAddresses.FromIpJson(await NetTool.IpAsync(ct, "-j", "-4", "addr", "show").ConfigureAwait(false)));
        var (hostEnd, nsEnd) = UplinkAddresses.Of(index);
        await NetTool.IpAsync(ct, "addr", "replace", hostEnd, "dev", outside).ConfigureAwait(false);
        await NetTool.IpAsync(ct, "link", "set", "dev", outside, "up").ConfigureAwait(false);
        await NetTool.IpInAsync(ns, ct, "addr", "replace", nsEnd, "dev", NetworkNames.UplinkInside).ConfigureAwait(false);
        await NetTool.IpInAsync(ns, ct, "link", "set", "dev", NetworkNames.UplinkInside, "up").ConfigureAwait(false);
        await NetTool.IpInAsync(ns, ct, "route", "replace", "default", "via", UplinkAddresses.Gateway(index), "dev", NetworkNames.UplinkInside).ConfigureAwait(false);
        await NetTool.ExecInAsync(ns, "sysctl", ["-qw", "net.ipv4.ip_forward=1"], ct).ConfigureAwait(false);
        await NetTool.ExecInAsync(ns, "nft", ["-f", "-"], ct, NatRules.Namespace(plan.Network.ToString())).ConfigureAwait(false);
        await NatRules.EnsureHostAsync(Names, logger, ct).ConfigureAwait(false);
        return outside;
    }

    /// <summary>
    /// The uplink veth pair, made when its namespace end is missing. A host end can outlive its namespace: a namespace
    /// deleted with `ip netns del` lives on while anything (flotilla-lb's sockets) holds it, and so does its end of the
    /// pair. That stale pair goes, and a new one is made into the new namespace.
    /// </summary>
    private async Task<string> EnsureUplinkAsync(string network, string ns, CancellationToken ct)
    {
        var outside = Names.UplinkOutside(network);
        if (await NetTool.LinkExistsAsync(ns, NetworkNames.UplinkInside, ct).ConfigureAwait(false)) return outside;
        if (await NetTool.LinkExistsAsync(null, outside, ct).ConfigureAwait(false)) await NetTool.IpAsync(ct, "link", "del", "dev", outside).ConfigureAwait(false);
        await NetTool.IpAsync(ct, "link", "add", outside, "type", "veth", "peer", "name", NetworkNames.UplinkInside, "netns", ns).ConfigureAwait(false);
        return outside;
    }

    private async Task<string> EnsureBridgedAsync(NetworkSpec spec, string ns, CancellationToken ct)
    {
        var hostBridge = spec.HostBridge ?? throw new InvalidNetworkException($"network '{spec.Name}' is in bridge mode but names no host bridge (--host-bridge)");
        if (!await NetTool.LinkExistsAsync(null, hostBridge, ct).ConfigureAwait(false) || !Directory.Exists($"/sys/class/net/{hostBridge}/bridge"))
        {
            throw new InvalidNetworkException($"host bridge '{hostBridge}' does not exist on this host (ip link add {hostBridge} type bridge)");
        }
        var outside = await EnsureUplinkAsync(spec.Name, ns, ct).ConfigureAwait(false);
        await NetTool.IpAsync(ct, "link", "set", "dev", outside, "master", hostBridge, "up").ConfigureAwait(false);
        await NetTool.IpInAsync(ns, ct, "link", "set", "dev", NetworkNames.UplinkInside, "master", NetworkNames.Bridge, "up").ConfigureAwait(false);
        return outside;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Network {Network}: namespace {Namespace} created")]
        public static partial void NamespaceCreated(ILogger logger, string @namespace, string network);

        [LoggerMessage(EventId = 5302, Level = LogLevel.Information, Message = "Namespace {Namespace} deleted")]
        public static partial void NamespaceDeleted(ILogger logger, string @namespace);
    }
}
