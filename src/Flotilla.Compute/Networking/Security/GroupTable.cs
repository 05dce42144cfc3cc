using Flotilla.Core.Security;

namespace Flotilla.Compute.Networking.Security;

/// <summary>
/// <c>table ip flotilla_nsg</c>: the groups, evaluated where conntrack is. With <c>bridge-nf-call-iptables=1</c> the
/// bridge hands IPv4 frames between taps to the <c>ip</c> hooks, so one table sees every path to and from a VM:
/// <c>forward</c> (VM to VM on the bridge, VM to the internet through the uplink, DNAT'ed traffic in), <c>input</c> (VM
/// to the namespace) and <c>output</c> (the namespace, i.e. the balancer, probes and <c>network exec</c>, to a VM).
/// <para>
/// Replies to an allowed flow pass first (<c>ct state established,related</c>), so groups only judge new flows and a
/// rule change leaves live flows alone, as in Azure. A port is found by address, which <see cref="PortSecurityTable"/>
/// makes trustworthy: outbound rules judge packets whose <c>ip saddr</c> is the VM's, inbound ones packets whose
/// <c>ip daddr</c> is. A verdict map jumps to the port's chain, which jumps to each of its groups in Azure's order
/// (inbound: network's, then NIC's; outbound: NIC's, then network's); a group's chain returns on allow and drops on
/// deny, so every group must allow. VM to VM passes the sender's outbound groups, then the receiver's inbound ones.
/// </para>
/// </summary>
internal static class GroupTable
{
    public const string Family = "ip";
    public const string Name = "flotilla_nsg";

    public static void Write(NftScript script, SecuredNetwork network)
    {
        var addresses = new AddressResolver(network.Cidr, network.Gateway);
        var filtered = network.Ports.Where(p => p.IsFiltered).ToList();
        var groups = filtered.SelectMany(p => new[] { p.NetworkGroup, p.NicGroup }).OfType<SecurityGroup>()
            .DistinctBy(g => g.Name).OrderBy(g => g.Name, StringComparer.Ordinal).ToList();

        script.DeleteTable(Family, Name);
        using (script.Open($"table {Family} {Name}"))
        {
            Map(script, "inbound", filtered, p => $"in_{p.Tap}");
            Map(script, "outbound", filtered, p => $"out_{p.Tap}");

            foreach (var group in groups)
            {
                foreach (var direction in Enum.GetValues<RuleDirection>())
                {
                    script.Blank();
                    using (script.Open($"chain {GroupChain(group, direction)}"))
                    {
                        script.Line($"comment {NftText.Quoted($"nsg {group.Name} {direction.ToString().ToLowerInvariant()}")}");
                        foreach (var rule in group.EffectiveRules(direction))
                        {
                            script.Line(NftRule.Compile(rule, addresses) ?? $"# {rule.Priority} {rule.Name}: matches nothing on {network.Cidr}");
                        }
                    }
                }
            }

            foreach (var port in filtered)
            {
                PortChain(script, $"in_{port.Tap}", port, RuleDirection.Inbound, port.NetworkGroup, port.NicGroup);
                PortChain(script, $"out_{port.Tap}", port, RuleDirection.Outbound, port.NicGroup, port.NetworkGroup);
            }

            script.Blank();
            using (script.Open("chain forward"))
            {
                Head(script, "forward");
                script.Line("ip saddr vmap @outbound");
                script.Line("ip daddr vmap @inbound");
            }
            script.Blank();
            using (script.Open("chain input"))
            {
                Head(script, "input");
                // DHCP is the platform's, never subject to groups (as in Azure): renewals reach the namespace's server.
                script.Line("udp sport 68 udp dport 67 accept");
                script.Line("ip saddr vmap @outbound");
            }
            script.Blank();
            using (script.Open("chain output"))
            {
                Head(script, "output");
                script.Line("udp sport 67 udp dport 68 accept");
                script.Line("ip daddr vmap @inbound");
            }
        }
    }

    private static string GroupChain(SecurityGroup group, RuleDirection direction) =>
        $"nsg_{group.Name}_{(direction == RuleDirection.Inbound ? "in" : "out")}";

    private static void PortChain(NftScript script, string name, SecuredPort port, RuleDirection direction, SecurityGroup? first, SecurityGroup? second)
    {
        script.Blank();
        using (script.Open($"chain {name}"))
        {
            script.Line($"comment {NftText.Quoted($"{direction.ToString().ToLowerInvariant()} {port.Tap} {port.Address}")}");
            // A packet conntrack cannot place (e.g. a TCP segment outside the window) is no new flow for the rules to allow.
            script.Line("ct state invalid drop");
            foreach (var group in new[] { first, second }.OfType<SecurityGroup>()) script.Line($"jump {GroupChain(group, direction)}");
        }
    }

    private static void Head(NftScript script, string hook)
    {
        script.Line($"type filter hook {hook} priority filter; policy accept;");
        script.Line("ct state established,related accept");
    }

    private static void Map(NftScript script, string name, IReadOnlyList<SecuredPort> ports, Func<SecuredPort, string> chain)
    {
        using (script.Open($"map {name}"))
        {
            script.Line("type ipv4_addr : verdict");
            if (ports.Count > 0) script.Line($"elements = {{ {string.Join(", ", ports.Select(p => $"{p.Address} : jump {chain(p)}"))} }}");
        }
    }
}
