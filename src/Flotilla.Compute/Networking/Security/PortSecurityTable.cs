namespace Flotilla.Compute.Networking.Security;

/// <summary>
/// <c>table bridge flotilla_ports</c>: stateless port security on the bridge, per tap, which makes the address-keyed
/// group evaluation in <see cref="GroupTable"/> sound.
/// <list type="bullet">
/// <item>From a tap: only frames with the port's MAC, carrying ARP that claims its own MAC and address (or 0.0.0.0,
/// an address probe) or IPv4 from its own address (or a DHCP request from 0.0.0.0). Everything else is dropped: IPv6,
/// VLAN-tagged and other ethertypes would cross the bridge without reaching the <c>ip</c> hooks, i.e. unfiltered.</item>
/// <item>From anywhere else on the bridge (the uplink of a <c>bridge</c> network): no IPv4 or ARP claiming a port's address.</item>
/// <item>To a tap: only ARP and IPv4 addressed to the port itself (plus DHCP replies from the namespace), so broadcast
/// and multicast IPv4, which the address-keyed groups cannot judge, never reach another VM (Azure VNets carry none).</item>
/// </list>
/// No <c>ct</c> here: this kernel lacks <c>CONFIG_NF_CONNTRACK_BRIDGE</c>, so state lives in the <c>ip</c> table.
/// </summary>
internal static class PortSecurityTable
{
    public const string Family = "bridge";
    public const string Name = "flotilla_ports";

    public static void Write(NftScript script, SecuredNetwork network)
    {
        script.DeleteTable(Family, Name);
        using (script.Open($"table {Family} {Name}"))
        {
            var ports = network.Ports;
            using (script.Open("set port_addresses"))
            {
                script.Line("type ipv4_addr");
                if (ports.Count > 0) script.Line($"elements = {{ {string.Join(", ", ports.Select(p => p.Address))} }}");
            }
            Map(script, "from_ports", ports, p => $"from_{p.Tap}");
            Map(script, "to_ports", ports, p => $"to_{p.Tap}");

            foreach (var port in ports)
            {
                script.Blank();
                using (script.Open($"chain from_{port.Tap}"))
                {
                    var mac = NftText.Mac(port.Mac);
                    script.Line($"comment {NftText.Quoted($"from VM {mac} {port.Address}")}");
                    script.Line($"ether saddr != {mac} drop");
                    script.Line($"arp htype 1 arp ptype ip arp hlen 6 arp plen 4 arp saddr ether {mac} arp saddr ip {{ 0.0.0.0, {port.Address} }} accept");
                    script.Line($"ip saddr {port.Address} accept");
                    script.Line("ip saddr 0.0.0.0 ip daddr 255.255.255.255 udp sport 68 udp dport 67 accept");
                    script.Line("drop");
                }
                script.Blank();
                using (script.Open($"chain to_{port.Tap}"))
                {
                    script.Line($"comment {NftText.Quoted($"to VM {port.Address}")}");
                    script.Line("ether type arp accept");
                    script.Line($"ip daddr {port.Address} accept");
                    script.Line("drop");
                }
            }

            // Priority filter (-200 in the bridge family) runs before br_netfilter (0) hands IPv4 to the ip hooks, so
            // spoofed frames never reach conntrack.
            script.Blank();
            using (script.Open("chain prerouting"))
            {
                script.Line("type filter hook prerouting priority filter; policy accept;");
                script.Line("iifname vmap @from_ports");
                script.Line("ip saddr @port_addresses drop");
                script.Line("arp saddr ip @port_addresses drop");
            }
            script.Blank();
            using (script.Open("chain forward"))
            {
                script.Line("type filter hook forward priority filter; policy accept;");
                script.Line("oifname vmap @to_ports");
            }
            script.Blank();
            using (script.Open("chain output"))
            {
                script.Line("type filter hook output priority filter; policy accept;");
                // DHCP is the platform's, as in Azure: a DHCP server in the namespace may answer by broadcast.
                script.Line("udp sport 67 udp dport 68 accept");
                script.Line("oifname vmap @to_ports");
            }
        }
    }

    private static void Map(NftScript script, string name, IReadOnlyList<SecuredPort> ports, Func<SecuredPort, string> chain)
    {
        using (script.Open($"map {name}"))
        {
            script.Line("type ifname : verdict");
            if (ports.Count > 0) script.Line($"elements = {{ {string.Join(", ", ports.Select(p => $"{NftText.Quoted(p.Tap)} : jump {chain(p)}"))} }}");
        }
    }
}
