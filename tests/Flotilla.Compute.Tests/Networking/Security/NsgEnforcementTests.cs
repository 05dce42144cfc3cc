using Flotilla.Compute.Networking.Security;
using Flotilla.Testing.Netns;
using static Flotilla.Compute.Tests.Networking.Security.NsgLab;
using static Flotilla.Compute.Tests.Networking.Security.SecuredNetworks;

namespace Flotilla.Compute.Tests.Networking.Security;

/// <summary>
/// The compiled rules in a real kernel (needs root): namespaces and veths stand for the network and its VMs, socat
/// for their services. Each test builds its own <see cref="NsgLab"/> and tears it down, processes first, even on failure.
/// </summary>
public sealed class NsgEnforcementTests
{
    [Fact]
    public async Task Default_rules_allow_vm_to_vm_gateway_to_vm_and_out_but_not_new_flows_from_the_internet()
    {
        using var lab = await CreateAsync();
        await lab.ApplyAsync(Secured(network: Group("defaults")));

        AssertConnects(lab.VmA, B, 80, "vm-b");
        AssertConnects(lab.VmB, A, 8080, "vm-a");
        AssertConnects(lab.Network, B, 80, "vm-b");    // the balancer's and probes' path (AllowAzureLoadBalancerInBound)
        AssertConnects(lab.VmA, Gateway, 80, "gateway");
        AssertConnects(lab.VmA, OutsideAddress, 80, "outside"); // AllowInternetOutBound
        AssertBlocked(lab.Outside, A, 80);              // DenyAllInBound
    }

    [Fact]
    public async Task An_inbound_deny_blocks_its_port_from_vms_and_the_gateway_and_removing_it_restores_new_connections()
    {
        using var lab = await CreateAsync();
        var denyHttp = Group("web", Rule("deny-http", 100, "inbound", "deny", "tcp", "80"));
        await lab.ApplyAsync(Secured(nicB: denyHttp));

        AssertBlocked(lab.VmA, B, 80);
        AssertBlocked(lab.Network, B, 80);
        AssertConnects(lab.VmA, B, 8080, "vm-b");
        AssertConnects(lab.VmB, A, 80, "vm-a"); // vm-a has no group: everything allowed

        await lab.ApplyAsync(Secured(nicB: denyHttp.WithoutRule("deny-http")));

        AssertConnects(lab.VmA, B, 80, "vm-b");
        AssertConnects(lab.Network, B, 80, "vm-b");
    }

    [Fact]
    public async Task An_outbound_deny_blocks_the_vms_new_connections_wherever_they_go()
    {
        using var lab = await CreateAsync();
        await lab.ApplyAsync(Secured(nicA: Group("no-http-out", Rule("deny-http-out", 100, "outbound", "deny", "tcp", "80"))));

        AssertBlocked(lab.VmA, B, 80);
        AssertBlocked(lab.VmA, Gateway, 80);
        AssertBlocked(lab.VmA, OutsideAddress, 80);
        AssertConnects(lab.VmA, B, 8080, "vm-b");
        AssertConnects(lab.VmB, A, 80, "vm-a"); // inbound to vm-a is another matter: its replies belong to an allowed flow
    }

    [Fact]
    public async Task Deny_all_inbound_lets_in_only_what_an_allow_rule_names_by_source_prefix()
    {
        using var lab = await CreateAsync();
        var network = Group("edge", Rule("allow-web-from-outside", 100, "inbound", "allow", "tcp", "80", source: OutsidePrefix));
        var onlyA = Group("only-a", Rule("allow-a", 100, "inbound", "allow", source: A), Rule("deny-vnet", 4000, "inbound", "deny", source: "VirtualNetwork"));
        await lab.ApplyAsync(Secured(network: network, nicB: onlyA));

        AssertConnects(lab.Outside, A, 80, "vm-a");
        AssertBlocked(lab.Outside, A, 8080);   // no rule: DenyAllInBound
        AssertBlocked(lab.Outside, B, 80);     // the network's group allows it, vm-b's NIC group does not: both must allow
        AssertConnects(lab.VmA, B, 8080, "vm-b");
        AssertBlocked(lab.Network, B, 8080);   // the gateway is in VirtualNetwork, denied before the balancer default
    }

    [Fact]
    public async Task A_spoofed_source_address_or_mac_is_dropped_on_the_bridge()
    {
        using var lab = await CreateAsync();
        lab.VmA.Exec("ip addr add 10.77.241.99/25 dev eth0");
        AssertConnects(lab.VmA, B, 80, "vm-b", bind: "10.77.241.99"); // without Flotilla's tables the lie works

        await lab.ApplyAsync(Secured()); // no group anywhere: only port security

        AssertBlocked(lab.VmA, B, 80, bind: "10.77.241.99");
        AssertBlocked(lab.VmA, Gateway, 80, bind: "10.77.241.99");
        AssertConnects(lab.VmA, B, 80, "vm-b");
        lab.VmA.Exec("ip link set eth0 address 02:77:f1:00:00:99");
        lab.VmB.Exec("ip neigh flush all");
        AssertBlocked(lab.VmA, B, 80);
    }

    [Fact]
    public async Task Replies_to_a_vms_own_flows_come_back_though_new_inbound_ones_are_denied()
    {
        using var lab = await CreateAsync();
        await lab.ApplyAsync(Secured(nicA: Group("closed", Rule("deny-all-in", 4096, "inbound", "deny"))));

        AssertConnects(lab.VmA, B, 80, "vm-b");
        AssertConnects(lab.VmA, OutsideAddress, 8080, "outside");
        AssertAnswers(lab.VmA, B, UdpPort, "vm-b");
        AssertBlocked(lab.VmB, A, 80);
        AssertBlocked(lab.Network, A, 80);
        Assert.Equal("", Ask(lab.VmB, A, UdpPort));
    }

    [Fact]
    public async Task An_established_connection_outlives_a_rule_that_now_denies_it()
    {
        using var lab = await CreateAsync();
        using var echo = LabProcess.Start(lab.VmB, false, "socat", "TCP-LISTEN:7000,fork,reuseaddr", "EXEC:cat");
        await Testing.Wait.UntilAsync(() => lab.VmB.Exec("ss -Hltn 'sport = :7000'").Length > 0, TimeSpan.FromSeconds(10), "echo server listening");
        await lab.ApplyAsync(Secured(nicB: Group("open")));
        using var client = LabProcess.Start(lab.VmA, true, "socat", "-", $"TCP:{B}:7000,connect-timeout=2");
        Assert.Equal("one", await EchoAsync(client, "one"));

        await lab.ApplyAsync(Secured(nicB: Group("open", Rule("deny-echo", 100, "inbound", "deny", "tcp", "7000"))));

        Assert.Equal("two", await EchoAsync(client, "two"));
        Assert.Equal("", Connect(lab.VmA, B, 7000));
    }

    [Fact]
    public async Task Replacing_the_ruleset_is_idempotent_and_atomic_and_it_can_be_removed()
    {
        using var lab = await CreateAsync();
        var network = Secured(nicB: Group("web", Rule("deny-http", 100, "inbound", "deny", "tcp", "80")));
        await lab.ApplyAsync(network);
        var first = Ruleset(lab);
        await lab.ApplyAsync(network);
        Assert.Equal(first, Ruleset(lab));
        Assert.Equal("1", lab.Network.Exec($"sysctl -n {NsgApplier.BridgeCallsIptables}").Trim());

        // One transaction: a script that fails at its very end changes nothing, and nft's words reach the caller.
        var broken = NsgCompiler.Compile(Secured()) + "add rule ip flotilla_nsg forward no-such-statement\n";
        var error = await Assert.ThrowsAsync<NftException>(() => NsgApplier.ApplyScriptAsync(lab.Network.Name, broken, CancellationToken.None));
        Assert.Contains("no-such-statement", error.Message, StringComparison.Ordinal);
        Assert.Equal(first, Ruleset(lab));
        AssertBlocked(lab.VmA, B, 80);

        await NsgApplier.RemoveAsync(lab.Network.Name, CancellationToken.None);
        await NsgApplier.RemoveAsync(lab.Network.Name, CancellationToken.None);
        Assert.DoesNotContain("flotilla", Ruleset(lab), StringComparison.Ordinal);
        AssertConnects(lab.VmA, B, 80, "vm-b");
    }

    [Fact]
    public async Task Groups_see_vm_to_vm_traffic_only_through_bridge_netfilter_which_the_applier_turns_on()
    {
        using var lab = await CreateAsync();
        lab.Network.Exec($"sysctl -qw {NsgApplier.BridgeCallsIptables}=0");
        var network = Secured(nicB: Group("web", Rule("deny-http", 100, "inbound", "deny", "tcp", "80")));

        await lab.ApplyAsync(network);
        AssertBlocked(lab.VmA, B, 80);

        lab.Network.Exec($"sysctl -qw {NsgApplier.BridgeCallsIptables}=0");
        AssertConnects(lab.VmA, B, 80, "vm-b"); // bridged frames bypass the ip hooks: why the applier insists
        AssertBlocked(lab.Network, B, 80);      // the namespace's own traffic is routed, not bridged
    }

    [Fact]
    public async Task Broadcasts_from_a_vm_reach_no_other_vm_as_groups_keyed_by_address_could_not_judge_them()
    {
        using var lab = await CreateAsync();
        // Only vm-b serves this port: vm-a's own server would hear its broadcast looped back (and socat's range= crashes here).
        using var server = LabProcess.Start(lab.VmB, false, "socat", "UDP-RECVFROM:5353,fork", "SYSTEM:read line; echo vm-b");
        await Testing.Wait.UntilAsync(() => lab.VmB.Exec("ss -Hlun 'sport = :5353'").Length > 0, TimeSpan.FromSeconds(10), "UDP server bound");
        string AskByBroadcast() => lab.VmA.Exec("echo hi | socat -T 1 - UDP-DATAGRAM:10.77.241.127:5353,broadcast", check: false).Trim();
        var heard = "";
        for (var attempt = 0; attempt < 3 && heard.Length == 0; attempt++) heard = AskByBroadcast();
        Assert.Equal("vm-b", heard); // without Flotilla's tables, vm-b hears it

        await lab.ApplyAsync(Secured()); // no group: unicast is all allowed

        Assert.Equal("", AskByBroadcast());
        AssertAnswers(lab.VmA, B, 5353, "vm-b");
    }

    [Fact]
    public async Task A_missing_namespace_is_reported_with_what_ip_said()
    {
        var error = await Assert.ThrowsAsync<NftException>(() => NsgApplier.ApplyAsync("flnsg-no-such-ns", Secured(), CancellationToken.None));

        Assert.Contains("flnsg-no-such-ns", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cannot open network namespace", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The namespace's ruleset without counters (<c>nft -s</c>), so traffic between two reads does not differ.</summary>
    private static string Ruleset(NsgLab lab) => lab.Network.Exec("nft -s list ruleset");

    private static async Task<string?> EchoAsync(LabProcess client, string line)
    {
        await client.Input.WriteLineAsync(line);
        await client.Input.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await client.Output.ReadLineAsync(timeout.Token);
    }
}
