using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Flotilla.Testing;
using Flotilla.Testing.Netns;

namespace Flotilla.EndToEnd.Tests.Vms;

/// <summary>
/// Virtual networks through the real CLI, daemon and guests. Addresses come from the suite's own 10.77.0.0/16, which
/// the fixture blackholes in the host's namespace while tests run.
/// </summary>
[Collection(VmCollection.Name)]
public sealed class NetworkTests(DaemonFixture daemon)
{
    [Fact]
    public async Task Vms_on_a_nat_network_reach_each_other_and_the_host_while_an_isolated_network_reaches_nothing_outside()
    {
        var routesBefore = Sh.Run("ip route show");
        await OkAsync("network", "create", "e2e-nat", "--cidr", "10.77.10.0/24", "--mode", "nat");
        await OkAsync("network", "create", "e2e-iso", "--cidr", "10.77.11.0/24", "--mode", "isolated");
        var nat = await NetworkAsync("e2e-nat");
        var hostAddress = nat["hostAddress"]!.GetValue<string>();
        using var host = new TcpListener(IPAddress.Parse(hostAddress), 0);
        host.Start();
        var hostPort = ((IPEndPoint)host.LocalEndpoint).Port;
        using var serving = new CancellationTokenSource();
        var hostServer = ServeAsync(host, "host-ok", serving.Token);
        try
        {
            await CreateVmAsync("na", "e2e-nat", $"""
                #!/bin/sh
                mkdir -p /www; hostname > /www/index.html; httpd -p 80 -h /www
                while true; do wget -q -T 1 -O /www/host.txt http://{hostAddress}:{hostPort}/ && break; sleep 1; done
                """);
            var a = (await daemon.GetVmAsync("na"))["spec"]!["nics"]![0]!;
            Assert.Equal("10.77.10.4", a["address"]!.GetValue<string>());
            await CreateVmAsync("nb", "e2e-nat", """
                #!/bin/sh
                mkdir -p /www; httpd -p 80 -h /www
                n=0
                while true; do
                  n=$((n + 1))
                  if wget -q -T 1 -O /tmp/p http://10.77.10.4/; then echo "peer-ok $(cat /tmp/p) $n" > /www/index.html; else echo "peer-fail $n" > /www/index.html; fi
                  sleep 1
                done
                """);
            var b = (await daemon.GetVmAsync("nb"))["spec"]!["nics"]![0]!;
            Assert.Equal("10.77.10.5", b["address"]!.GetValue<string>());
            Assert.NotEqual(a["mac"]!.GetValue<string>(), b["mac"]!.GetValue<string>());

            Assert.Equal("na", (await WaitForExecAsync("e2e-nat", "http://10.77.10.4/", "na")).Trim());
            Assert.StartsWith("peer-ok na", (await WaitForExecAsync("e2e-nat", "http://10.77.10.5/", "peer-ok")).Trim());
            // Outbound through the uplink, masqueraded: the guest reached a server on the host.
            Assert.Equal("host-ok", (await WaitForExecAsync("e2e-nat", "http://10.77.10.4/host.txt", "host-ok")).Trim());

            // A capture on one VM's tap holds the packets of requests made to it.
            var pcap = Path.Combine(daemon.Dir, "na.pcap");
            await using (var capture = LauncherProcess.Start("flotilla", ["network", "capture", "e2e-nat", "--vm", "na", "--filter", "tcp port 80", "-w", pcap,
                "--count", "6", "--duration", "30s", "--endpoint", $"unix:{daemon.Socket}"]))
            {
                await Wait.UntilAsync(() => File.Exists(pcap), TimeSpan.FromSeconds(20), "tcpdump opened its file");
                for (var i = 0; i < 3 && !capture.HasExited; i++) await ExecAsync("e2e-nat", "curl", "-s", "-m2", "http://10.77.10.4/");
                await capture.WaitForExitAsync(TimeSpan.FromSeconds(40));
                Assert.True(capture.ExitCode == 0, capture.Output);
            }
            Assert.True(PcapRecords(pcap) >= 6, $"{PcapRecords(pcap)} packets in {pcap}");

            // A deny on na's NIC blocks port 80 to it from the namespace and from nb, and nothing else; its removal
            // restores both for new connections, without a VM restart.
            await OkAsync("nsg", "create", "e2e-web");
            await FailsAsync(2, "priority: 99 is outside 100", "nsg", "rule", "add", "e2e-web", "--name", "low", "--priority", "99", "--direction", "inbound", "--access", "deny");
            await OkAsync("nsg", "rule", "add", "e2e-web", "--name", "deny80", "--priority", "100", "--direction", "inbound", "--access", "deny", "--protocol", "tcp", "--port", "80");
            await OkAsync("nsg", "attach", "e2e-web", "--vm", "na");
            await FailsAsync(1, "attached to NIC na/nic0", "nsg", "delete", "e2e-web");
            Assert.Equal("", await ExecAsync("e2e-nat", "curl", "-s", "-m2", "http://10.77.10.4/"));
            await WaitForExecAsync("e2e-nat", "http://10.77.10.5/", "peer-fail");
            await OkAsync("nsg", "rule", "delete", "e2e-web", "deny80");
            Assert.Equal("na", (await WaitForExecAsync("e2e-nat", "http://10.77.10.4/", "na")).Trim());
            await WaitForExecAsync("e2e-nat", "http://10.77.10.5/", "peer-ok");
            await OkAsync("nsg", "detach", "e2e-web", "--vm", "na");
            await OkAsync("nsg", "delete", "e2e-web");

            await StopAndUndefineAsync("nb");
            // The isolated VM tries the host (its gateway would be the way out) and the nat network's VM; both must fail.
            await CreateVmAsync("ni", "e2e-iso", $"""
                #!/bin/sh
                mkdir -p /www; httpd -p 80 -h /www
                r=""
                for i in 1 2 3; do
                  wget -q -T 1 -O /tmp/h http://{hostAddress}:{hostPort}/ && r="$r host-reached"
                  wget -q -T 1 -O /tmp/v http://10.77.10.4/ && r="$r vm-reached"
                done
                echo "done$r" > /www/index.html
                """);
            Assert.Equal("done", (await WaitForExecAsync("e2e-iso", "http://10.77.11.4/", "done")).Trim());

            var newRoutes = Sh.Run("ip route show").Split('\n').Except(routesBefore.Split('\n')).Where(r => r.Contains("10.77.", StringComparison.Ordinal)).ToList();
            Assert.Empty(newRoutes);
        }
        finally
        {
            await serving.CancelAsync();
            await daemon.CliAsync("nsg", "detach", "e2e-web", "--vm", "na");
            await daemon.CliAsync("nsg", "delete", "e2e-web");
            foreach (var vm in new[] { "na", "nb", "ni" }) await StopAndUndefineAsync(vm);
            await daemon.CliAsync("network", "delete", "e2e-nat");
            await daemon.CliAsync("network", "delete", "e2e-iso");
            await hostServer;
        }
        Assert.DoesNotContain("e2e-nat", Sh.Run("ip netns list"));
    }

    [Fact]
    public async Task Addresses_are_handed_out_once_checked_with_reasons_and_a_deleted_namespace_is_rebuilt()
    {
        await FailsAsync(2, "did you mean 10.77.12.0/29", "network", "create", "e2e-b", "--cidr", "10.77.12.3/29");
        await FailsAsync(2, "too small", "network", "create", "e2e-b", "--cidr", "10.77.12.0/30");
        await FailsAsync(2, "names the host bridge", "network", "create", "e2e-b", "--cidr", "10.77.12.0/29", "--mode", "bridge");
        await FailsAsync(2, "host bridge 'nosuchbr0' does not exist", "network", "create", "e2e-b", "--cidr", "10.77.12.0/29", "--mode", "bridge", "--host-bridge", "nosuchbr0");
        Assert.DoesNotContain("e2e-b", Sh.Run("ip netns list"));
        await OkAsync("network", "create", "e2e-b", "--cidr", "10.77.12.0/29", "--mode", "isolated");
        await FailsAsync(1, "exists already", "network", "create", "e2e-b", "--cidr", "10.77.12.0/29");
        try
        {
            await FailsAsync(2, "10.77.12.1 is the network's gateway", "vm", "create", "x1", "--template", "tiny-web", "--network", "e2e-b", "--ip", "10.77.12.1");
            await FailsAsync(2, "outside the network's CIDR", "vm", "create", "x1", "--template", "tiny-web", "--network", "e2e-b", "--ip", "10.77.13.4");
            await FailsAsync(2, "broadcast", "vm", "create", "x1", "--template", "tiny-web", "--network", "e2e-b", "--ip", "10.77.12.7");
            await FailsAsync(2, "no network named 'nope'", "vm", "create", "x1", "--template", "tiny-web", "--network", "nope");
            await OkAsync("vm", "create", "x1", "--template", "tiny-web", "--network", "e2e-b", "--ip", "10.77.12.5");
            await FailsAsync(2, "held by VM 'x1'", "vm", "create", "x2", "--template", "tiny-web", "--network", "e2e-b", "--ip", "10.77.12.5");
            await OkAsync("vm", "create", "x2", "--template", "tiny-web", "--network", "e2e-b");
            await OkAsync("vm", "create", "x3", "--template", "tiny-web", "--network", "e2e-b");
            await FailsAsync(2, "no free address", "vm", "create", "x4", "--template", "tiny-web", "--network", "e2e-b");
            await FailsAsync(2, "no free address", "vm", "clone", "x1", "x1c");
            var ports = (await NetworkAsync("e2e-b"))["ports"]!.AsArray();
            Assert.Equal(["10.77.12.5", "10.77.12.4", "10.77.12.6"], ports.Select(p => p!["address"]!.GetValue<string>()));
            Assert.Equal(3, ports.Select(p => p!["mac"]!.GetValue<string>()).Distinct().Count());

            await OkAsync("vm", "undefine", "x3");
            await OkAsync("vm", "clone", "x1", "x1c");
            var clone = (await daemon.GetVmAsync("x1c"))["spec"]!["nics"]![0]!;
            Assert.Equal("10.77.12.6", clone["address"]!.GetValue<string>());
            Assert.NotEqual((await daemon.GetVmAsync("x1"))["spec"]!["nics"]![0]!["mac"]!.GetValue<string>(), clone["mac"]!.GetValue<string>());

            await FailsAsync(1, "in use by VMs 'x1', 'x1c', 'x2'", "network", "delete", "e2e-b");

            // Someone deletes the namespace under the daemon: it comes back, with its bridge and gateway.
            var ns = (await NetworkAsync("e2e-b"))["namespace"]!.GetValue<string>();
            Sh.Run($"ip netns del {ns}");
            await Wait.UntilAsync(() => Sh.Run($"ip -n {ns} addr show dev br0", check: false).Contains("10.77.12.1/29", StringComparison.Ordinal),
                TimeSpan.FromSeconds(20), "namespace rebuilt");
        }
        finally
        {
            foreach (var vm in new[] { "x1", "x2", "x3", "x1c" }) await daemon.CliAsync("vm", "undefine", vm);
            await daemon.CliAsync("network", "delete", "e2e-b");
        }
        Assert.DoesNotContain("e2e-b", Sh.Run("ip netns list"));
    }

    [Fact]
    public async Task A_bridge_network_joins_the_named_host_bridge_through_a_veth_that_goes_with_it()
    {
        var bridge = $"fltbr{Environment.ProcessId % 100000}";
        Sh.Run($"ip link add {bridge} type bridge");
        try
        {
            await OkAsync("network", "create", "e2e-br", "--cidr", "10.77.14.0/24", "--mode", "bridge", "--host-bridge", bridge);
            var members = Sh.Run($"ip -o link show master {bridge}");
            Assert.Contains("fl", members);
            await OkAsync("network", "delete", "e2e-br");
            Assert.Equal("", Sh.Run($"ip -o link show master {bridge}").Trim());
        }
        finally
        {
            await daemon.CliAsync("network", "delete", "e2e-br");
            Sh.Run($"ip link del {bridge}", check: false);
        }
    }

    private async Task CreateVmAsync(string name, string network, string userData)
    {
        var file = Path.Combine(daemon.Dir, $"{name}.sh");
        await File.WriteAllTextAsync(file, userData.Replace("\r", "", StringComparison.Ordinal) + "\n");
        await OkAsync("vm", "create", name, "--template", "tiny-web", "--memory", "128", "--network", network, "--user-data", file);
        await OkAsync("vm", "start", name);
    }

    private async Task StopAndUndefineAsync(string name)
    {
        await daemon.CliAsync("vm", "destroy", name);
        await daemon.CliAsync("vm", "undefine", name);
    }

    private async Task<JsonNode> NetworkAsync(string name)
    {
        await using var cli = await daemon.CliAsync("network", "show", name, "-o", "json");
        Assert.True(cli.ExitCode == 0, cli.Output);
        return JsonNode.Parse(cli.StandardOutput)!;
    }

    private async Task<string> ExecAsync(string network, params string[] command)
    {
        // The endpoint goes before "--": everything after it is the command's.
        await using var cli = LauncherProcess.Start("flotilla", ["network", "exec", network, "--endpoint", $"unix:{daemon.Socket}", "--", .. command],
            new Dictionary<string, string> { ["FLOTILLA_ENDPOINT"] = "", ["FLOTILLA_TOKEN"] = "" });
        await cli.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return cli.ExitCode == 0 ? cli.StandardOutput : "";
    }

    private async Task<string> WaitForExecAsync(string network, string url, string expected)
    {
        var body = "";
        await Wait.UntilAsync(async () => (body = await ExecAsync(network, "curl", "-s", "-m2", url)).Contains(expected, StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), $"{url} in {network} answering '{expected}' (last: '{body.Trim()}')");
        return body;
    }

    private async Task OkAsync(params string[] args)
    {
        await using var cli = await daemon.CliAsync(args);
        Assert.True(cli.ExitCode == 0, $"flotilla {string.Join(' ', args)}: {cli.Output}");
    }

    private async Task FailsAsync(int exitCode, string message, params string[] args)
    {
        await using var cli = await daemon.CliAsync(args);
        Assert.True(cli.ExitCode == exitCode, $"flotilla {string.Join(' ', args)} exited {cli.ExitCode}: {cli.Output}");
        Assert.Contains(message, cli.StandardError);
        Assert.Single(cli.StandardError.Trim().Split('\n'));
    }

    /// <summary>Answers every connection with a fixed HTTP response until cancelled.</summary>
    private static async Task ServeAsync(TcpListener listener, string body, CancellationToken ct)
    {
        var response = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
        try
        {
            while (true)
            {
                using var client = await listener.AcceptSocketAsync(ct);
                var buffer = new byte[4096];
                await client.ReceiveAsync(buffer, ct);
                await client.SendAsync(response, ct);
                client.Shutdown(SocketShutdown.Both);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The packets in a pcap file: a 24-byte header, then a 16-byte header and the bytes of each.</summary>
    private static int PcapRecords(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var count = 0;
        for (var at = 24; at + 16 <= bytes.Length; count++) at += 16 + BitConverter.ToInt32(bytes, at + 8);
        return count;
    }
}
