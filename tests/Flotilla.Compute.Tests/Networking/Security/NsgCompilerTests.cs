using Flotilla.Compute.Networking.Security;
using static Flotilla.Compute.Tests.Networking.Security.SecuredNetworks;

namespace Flotilla.Compute.Tests.Networking.Security;

/// <summary>The compiled script as text; <see cref="NsgEnforcementTests"/> proves what the kernel does with it.</summary>
public sealed class NsgCompilerTests
{
    private static readonly Core.Security.SecurityGroup Web = Group("web",
        Rule("allow-http", 200, "inbound", "allow", "tcp", "80,443"),
        Rule("deny-ssh", 100, "inbound", "deny", "tcp", "22", source: "Internet"));

    [Fact]
    public void A_nic_group_compiles_to_this_group_table()
    {
        var script = NsgCompiler.Compile(Network("10.0.1.0/24", "10.0.1.1", Port("tap-a", "10.0.1.10", "02:00:00:00:01:0a", nic: Web)));

        Assert.Contains("""
            table ip flotilla_nsg {}
            delete table ip flotilla_nsg
            table ip flotilla_nsg {
            	map inbound {
            		type ipv4_addr : verdict
            		elements = { 10.0.1.10 : jump in_tap-a }
            	}
            	map outbound {
            		type ipv4_addr : verdict
            		elements = { 10.0.1.10 : jump out_tap-a }
            	}

            	chain nsg_web_in {
            		comment "nsg web inbound"
            		ip saddr { 0.0.0.0-10.0.0.255, 10.0.2.0-255.255.255.255 } tcp dport 22 counter drop comment "100 deny-ssh"
            		tcp dport { 80, 443 } counter return comment "200 allow-http"
            		ip saddr 10.0.1.0/24 ip daddr 10.0.1.0/24 counter return comment "65000 AllowVnetInBound"
            		ip saddr 10.0.1.1 counter return comment "65001 AllowAzureLoadBalancerInBound"
            		counter drop comment "65500 DenyAllInBound"
            	}

            	chain nsg_web_out {
            		comment "nsg web outbound"
            		ip saddr 10.0.1.0/24 ip daddr 10.0.1.0/24 counter return comment "65000 AllowVnetOutBound"
            		ip daddr { 0.0.0.0-10.0.0.255, 10.0.2.0-255.255.255.255 } counter return comment "65001 AllowInternetOutBound"
            		counter drop comment "65500 DenyAllOutBound"
            	}

            	chain in_tap-a {
            		comment "inbound tap-a 10.0.1.10"
            		ct state invalid drop
            		jump nsg_web_in
            	}

            	chain out_tap-a {
            		comment "outbound tap-a 10.0.1.10"
            		ct state invalid drop
            		jump nsg_web_out
            	}

            	chain forward {
            		type filter hook forward priority filter; policy accept;
            		ct state established,related accept
            		ip saddr vmap @outbound
            		ip daddr vmap @inbound
            	}

            	chain input {
            		type filter hook input priority filter; policy accept;
            		ct state established,related accept
            		udp sport 68 udp dport 67 accept
            		ip saddr vmap @outbound
            	}

            	chain output {
            		type filter hook output priority filter; policy accept;
            		ct state established,related accept
            		udp sport 67 udp dport 68 accept
            		ip daddr vmap @inbound
            	}
            }

            """, script, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_port_gets_anti_spoofing_on_the_bridge_without_conntrack()
    {
        var script = NsgCompiler.Compile(Network("10.0.1.0/24", "10.0.1.1", Port("tap-b", "10.0.1.11", "02:00:00:00:01:0B")));
        var bridge = script[script.IndexOf("table bridge flotilla_ports {\n", StringComparison.Ordinal)..script.IndexOf("table ip", StringComparison.Ordinal)];

        Assert.Contains("""
            	chain from_tap-b {
            		comment "from VM 02:00:00:00:01:0b 10.0.1.11"
            		ether saddr != 02:00:00:00:01:0b drop
            		arp htype 1 arp ptype ip arp hlen 6 arp plen 4 arp saddr ether 02:00:00:00:01:0b arp saddr ip { 0.0.0.0, 10.0.1.11 } accept
            		ip saddr 10.0.1.11 accept
            		ip saddr 0.0.0.0 ip daddr 255.255.255.255 udp sport 68 udp dport 67 accept
            		drop
            	}
            """, bridge, StringComparison.Ordinal);
        Assert.Contains("elements = { \"tap-b\" : jump to_tap-b }", bridge, StringComparison.Ordinal);
        Assert.Contains("\t\tip daddr 10.0.1.11 accept\n\t\tdrop\n", bridge, StringComparison.Ordinal);
        Assert.DoesNotContain("ct ", bridge, StringComparison.Ordinal); // no CONFIG_NF_CONNTRACK_BRIDGE: the rule would not load
    }

    [Fact]
    public void A_port_without_groups_is_not_filtered_but_still_anti_spoofed()
    {
        var script = NsgCompiler.Compile(Network("10.0.1.0/24", "10.0.1.1",
            Port("tap-a", "10.0.1.10", "02:00:00:00:01:0a", nic: Web), Port("tap-b", "10.0.1.11", "02:00:00:00:01:0b")));

        Assert.Contains("chain from_tap-b {", script, StringComparison.Ordinal);
        Assert.DoesNotContain("in_tap-b", script, StringComparison.Ordinal);
        Assert.DoesNotContain("out_tap-b", script, StringComparison.Ordinal);
        Assert.Contains("elements = { 10.0.1.10 : jump in_tap-a }", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_groups_must_allow_network_first_inbound_nic_first_outbound()
    {
        var subnet = Group("subnet", Rule("deny-rdp", 100, "inbound", "deny", "tcp", "3389"));
        var script = NsgCompiler.Compile(Network("10.0.1.0/24", "10.0.1.1", Port("tap-a", "10.0.1.10", "02:00:00:00:01:0a", network: subnet, nic: Web)));

        Assert.Contains("\tchain in_tap-a {\n\t\tcomment \"inbound tap-a 10.0.1.10\"\n\t\tct state invalid drop\n\t\tjump nsg_subnet_in\n\t\tjump nsg_web_in\n\t}", script, StringComparison.Ordinal);
        Assert.Contains("\tchain out_tap-a {\n\t\tcomment \"outbound tap-a 10.0.1.10\"\n\t\tct state invalid drop\n\t\tjump nsg_web_out\n\t\tjump nsg_subnet_out\n\t}", script, StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_shared_by_ports_compiles_once()
    {
        var script = NsgCompiler.Compile(Network("10.0.1.0/24", "10.0.1.1",
            Port("tap-a", "10.0.1.10", "02:00:00:00:01:0a", network: Web), Port("tap-b", "10.0.1.11", "02:00:00:00:01:0b", network: Web)));

        Assert.Single(Lines(script), line => line == "\tchain nsg_web_in {");
        Assert.Contains("elements = { 10.0.1.10 : jump in_tap-a, 10.0.1.11 : jump in_tap-b }", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_run_by_priority_then_the_defaults()
    {
        var group = Group("order", Rule("c", 300, "outbound", "deny"), Rule("a", 100, "outbound", "allow"), Rule("b", 4096, "outbound", "deny"), Rule("in", 200, "inbound", "deny"));

        Assert.Equal(["100 a", "300 c", "4096 b", "65000 AllowVnetOutBound", "65001 AllowInternetOutBound", "65500 DenyAllOutBound"], Comments(group, "nsg_order_out"));
        Assert.Equal(["200 in", "65000 AllowVnetInBound", "65001 AllowAzureLoadBalancerInBound", "65500 DenyAllInBound"], Comments(group, "nsg_order_in"));
    }

    [Theory]
    [InlineData("tcp", "80", "*", "tcp dport 80 counter drop")]
    [InlineData("tcp", "*", "*", "meta l4proto tcp counter drop")]
    [InlineData("udp", "53", "1024-65535", "udp sport 1024-65535 udp dport 53 counter drop")]
    [InlineData("tcp", "8080,80,81,8000-8080", "*", "tcp dport { 80-81, 8000-8080 } counter drop")]
    [InlineData("*", "53", "*", "meta l4proto { tcp, udp } th dport 53 counter drop")]
    [InlineData("*", "0-65535", "*", "counter drop")]
    [InlineData("*", "*", "*", "counter drop")]
    [InlineData("icmp", "*", "*", "meta l4proto icmp counter drop")]
    public void Protocols_and_port_lists_and_ranges(string protocol, string port, string sourcePort, string expected)
    {
        var group = Group("p", Rule("r", 100, "inbound", "deny", protocol, port, sourcePort: sourcePort));

        Assert.Equal($"{expected} comment \"100 r\"", RuleLine(group, "nsg_p_in", "100 r"));
    }

    [Theory]
    [InlineData("VirtualNetwork", "ip saddr 10.0.1.0/24")]
    [InlineData("AzureLoadBalancer", "ip saddr 10.0.1.1")]
    [InlineData("LoadBalancer", "ip saddr 10.0.1.1")]
    [InlineData("Internet", "ip saddr { 0.0.0.0-10.0.0.255, 10.0.2.0-255.255.255.255 }")]
    [InlineData("10.0.1.0/25,10.0.1.128/25", "ip saddr 10.0.1.0/24")]
    [InlineData("192.168.7.9,Internet", "ip saddr { 0.0.0.0-10.0.0.255, 10.0.2.0-255.255.255.255 }")]
    [InlineData("Internet,VirtualNetwork", "")]
    [InlineData("10.0.1.5,10.0.1.7,AzureLoadBalancer", "ip saddr { 10.0.1.1, 10.0.1.5, 10.0.1.7 }")]
    public void Service_tags_resolve_on_the_network_and_lists_merge(string source, string expected)
    {
        var group = Group("t", Rule("r", 100, "inbound", "allow", source: source));

        Assert.Equal($"{expected}{(expected.Length > 0 ? " " : "")}counter return comment \"100 r\"", RuleLine(group, "nsg_t_in", "100 r"));
    }

    [Fact]
    public void Destination_prefixes_match_the_destination()
    {
        var group = Group("d", Rule("r", 100, "outbound", "deny", "tcp", "25", destination: "Internet"));

        Assert.Equal("ip daddr { 0.0.0.0-10.0.0.255, 10.0.2.0-255.255.255.255 } tcp dport 25 counter drop comment \"100 r\"", RuleLine(group, "nsg_d_out", "100 r"));
    }

    [Fact]
    public void A_rule_that_can_match_nothing_on_this_network_is_left_as_a_comment()
    {
        var group = Group("n", Rule("r", 100, "outbound", "deny", destination: "Internet"));
        var script = NsgCompiler.Compile(Network("0.0.0.0/0", "10.0.0.1", Port("tap-a", "10.0.1.10", "02:00:00:00:01:0a", nic: group)));

        Assert.Contains("\t\t# 100 r: matches nothing on 0.0.0.0/0\n", script, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_network_compiles_to_the_same_text()
    {
        SecuredNetwork Make() => Network("10.0.1.0/24", "10.0.1.1",
            Port("tap-a", "10.0.1.10", "02:00:00:00:01:0a", nic: Web), Port("tap-b", "10.0.1.11", "02:00:00:00:01:0b", network: Group("z"), nic: Group("a")));

        Assert.Equal(NsgCompiler.Compile(Make()), NsgCompiler.Compile(Make()));
    }

    [Fact]
    public void An_empty_network_still_replaces_both_tables()
    {
        var script = NsgCompiler.Compile(Network("10.0.1.0/24", "10.0.1.1"));

        Assert.Contains("delete table bridge flotilla_ports\n", script, StringComparison.Ordinal);
        Assert.Contains("delete table ip flotilla_nsg\n", script, StringComparison.Ordinal);
        Assert.DoesNotContain("elements", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Removal_deletes_both_tables_whether_or_not_they_exist()
    {
        Assert.Equal("table bridge flotilla_ports {}\ndelete table bridge flotilla_ports\ntable ip flotilla_nsg {}\ndelete table ip flotilla_nsg\n", NsgCompiler.RemovalScript);
    }

    [Theory]
    [InlineData("outside", "port tap-b: 10.0.2.11 is not a VM address in 10.0.1.0/24")]
    [InlineData("gateway", "port tap-b: 10.0.1.1 is not a VM address")]
    [InlineData("address", "two ports have address 10.0.1.10")]
    [InlineData("mac", "two ports have MAC 02:00:00:00:01:0a")]
    [InlineData("tap", "two ports have tap tap-a")]
    [InlineData("tap-name", "tap name 'tap b;' is not an interface name")]
    [InlineData("multicast", "is not a unicast Ethernet address")]
    [InlineData("groups", "two different groups are named 'web'")]
    public void Inconsistent_networks_are_refused(string problem, string message)
    {
        var a = Port("tap-a", "10.0.1.10", "02:00:00:00:01:0a", nic: Web);
        var b = Port("tap-b", "10.0.1.11", "02:00:00:00:01:0b");
        b = problem switch
        {
            "outside" => b with { Address = System.Net.IPAddress.Parse("10.0.2.11") },
            "gateway" => b with { Address = System.Net.IPAddress.Parse("10.0.1.1") },
            "address" => b with { Address = a.Address },
            "mac" => b with { Mac = a.Mac },
            "tap" => b with { Tap = a.Tap },
            "tap-name" => b with { Tap = "tap b;" },
            "multicast" => b with { Mac = System.Net.NetworkInformation.PhysicalAddress.Parse("01:00:5e:00:00:01") },
            _ => b with { NicGroup = Group("web") },
        };

        var error = Assert.Throws<ArgumentException>(() => NsgCompiler.Compile(Network("10.0.1.0/24", "10.0.1.1", a, b)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static string[] Lines(string script) => script.Split('\n');

    private static IEnumerable<string> Chain(Core.Security.SecurityGroup group, string chain)
    {
        var script = NsgCompiler.Compile(Network("10.0.1.0/24", "10.0.1.1", Port("tap-a", "10.0.1.10", "02:00:00:00:01:0a", nic: group)));
        return Lines(script).SkipWhile(line => line != $"\tchain {chain} {{").Skip(2).TakeWhile(line => line != "\t}").Select(line => line.Trim());
    }

    private static List<string> Comments(Core.Security.SecurityGroup group, string chain) =>
        [.. Chain(group, chain).Select(line => line[(line.IndexOf("comment \"", StringComparison.Ordinal) + 9)..^1])];

    private static string RuleLine(Core.Security.SecurityGroup group, string chain, string comment) =>
        Chain(group, chain).Single(line => line.EndsWith($"comment \"{comment}\"", StringComparison.Ordinal));
}
