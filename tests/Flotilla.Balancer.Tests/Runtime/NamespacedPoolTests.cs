using System.Net;
using System.Net.Sockets;
using System.Text;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.Runtime;
using Flotilla.Balancer.Tests.Support;
using Flotilla.Testing;
using Flotilla.Testing.Netns;

namespace Flotilla.Balancer.Tests.Runtime;

/// <summary>
/// Pools whose members live inside a network namespace the host has no route to (the suite's
/// blackhole holds 10.77.0.0/16), reached through an in-process balancer on real sockets.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class NamespacedPoolTests : IDisposable
{
    private readonly BlackholeRoute _blackhole = new();

    private static string Config(string network, int frontend, IEnumerable<IPEndPoint> members, string probe = "{ name: p, protocol: tcp, intervalSeconds: 1 }", string protocol = "tcp", string pool = "vms") => $$"""
        balancers:
          - name: web
            frontendAddress: 127.0.0.1
            backendPools:
              - name: {{pool}}
                namespace: {{network}}
                members: [ {{string.Join(", ", members.Select(m => $"{{ address: {m.Address}, port: {m.Port} }}"))}} ]
            probes: [ {{probe}} ]
            rules:
              - { name: r, protocol: {{protocol}}, frontendPort: {{frontend}}, backendPool: {{pool}}, probe: p, idleTimeoutSeconds: 5 }
        """;

    [Fact]
    public async Task Flows_reach_members_inside_the_namespace_and_an_http_probe_follows_them()
    {
        using var network = new VmNetwork("10.77.240.1", "10.77.240.2");
        await using var vm1 = network.Hello(1, "10.77.240.1");
        var vm2 = network.Hello(2, "10.77.240.2");
        var port = FreePort.Tcp();
        await using var lb = await TestBalancer.StartAsync(Config(network.Name, port, [vm1.Endpoint, vm2.Endpoint],
            "{ name: p, protocol: http, path: /, intervalSeconds: 1, timeoutSeconds: 1, unhealthyThreshold: 2 }"));
        Assert.True(InRotation(lb, vm1.Endpoint) && InRotation(lb, vm2.Endpoint));

        var bodies = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            bodies.Add(await Http.GetFreshAsync(port));
        }

        Assert.Contains("Hello from VM 1\n", bodies);
        Assert.Contains("Hello from VM 2\n", bodies);
        await AssertUnreachableFromHostAsync(vm1.Endpoint);

        var vm2Endpoint = vm2.Endpoint;
        await vm2.DisposeAsync();
        await Wait.UntilAsync(() => !InRotation(lb, vm2Endpoint), TimeSpan.FromSeconds(1 * 2 + 1 + 1), "stopped server out of rotation");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("Hello from VM 1\n", await Http.GetFreshAsync(port));
        }

        Assert.All(NamespaceIdentity.ThreadsOutsideHost(), t => Assert.Equal("flotilla-netns", t.Name));
    }

    [Fact]
    public async Task Udp_flows_reach_a_member_inside_the_namespace()
    {
        using var network = new VmNetwork("10.77.240.3");
        using var echo = network.Socket(SocketType.Dgram, ProtocolType.Udp);
        echo.Bind(new IPEndPoint(IPAddress.Parse("10.77.240.3"), 0));
        using var stop = new CancellationTokenSource();
        var echoing = EchoAsync(echo, stop.Token);
        var port = FreePort.Udp();
        await using var lb = await TestBalancer.StartAsync(Config(network.Name, port, [(IPEndPoint)echo.LocalEndPoint!], probe: "", protocol: "udp").Replace(", probe: p", "", StringComparison.Ordinal));

        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Connect(new IPEndPoint(IPAddress.Loopback, port));
        var buffer = new byte[100];
        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync(Encoding.ASCII.GetBytes($"ping {i}"));
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var n = await client.ReceiveAsync(buffer, deadline.Token);
            Assert.Equal($"echo ping {i}", Encoding.ASCII.GetString(buffer, 0, n));
        }

        await stop.CancelAsync();
        await echoing;
    }

    [Fact]
    public async Task The_same_address_in_two_networks_is_two_members_with_their_own_health()
    {
        using var blue = new VmNetwork("10.77.240.1");
        using var green = new VmNetwork("10.77.240.1");
        await using var vmBlue = blue.Hello(1, "10.77.240.1");
        var vmGreen = green.Hello(2, "10.77.240.1", vmBlue.Endpoint.Port);
        var (frontBlue, frontGreen) = (FreePort.Tcp(), FreePort.Tcp());
        var yaml = Config(blue.Name, frontBlue, [vmBlue.Endpoint], pool: "blue") + "\n"
            + Config(green.Name, frontGreen, [vmGreen.Endpoint], pool: "green").Split('\n', 2)[1].Replace("name: web", "name: web2", StringComparison.Ordinal);
        await using var lb = await TestBalancer.StartAsync(yaml);

        Assert.Equal("Hello from VM 1\n", await Http.GetFreshAsync(frontBlue));
        Assert.Equal("Hello from VM 2\n", await Http.GetFreshAsync(frontGreen));
        Assert.Equal(2, lb.Runtime.Health.Targets.Count(t => t.Endpoint.Equals(vmBlue.Endpoint)));

        await vmGreen.DisposeAsync();
        var greenRule = lb.Runtime.FindRule("web2/r")!;
        await Wait.UntilAsync(() => greenRule.Pool.IsEmpty, TimeSpan.FromSeconds(4), "green member out of rotation");
        Assert.Equal("Hello from VM 1\n", await Http.GetFreshAsync(frontBlue));
    }

    [Fact]
    public async Task A_namespace_gone_by_apply_time_is_rejected_and_a_move_to_another_network_drains_the_old_members()
    {
        using var blue = new VmNetwork("10.77.240.1");
        await using var vmBlue = blue.Hello(1, "10.77.240.1");
        var port = FreePort.Tcp();
        await using var lb = await TestBalancer.StartAsync(Config(blue.Name, port, [vmBlue.Endpoint]));

        var gone = new VmNetwork();
        var config = LbConfigReader.Parse(Config(gone.Name, port, [vmBlue.Endpoint]));
        gone.Dispose();
        var error = await Assert.ThrowsAsync<LbApplyException>(() => lb.Runtime.ApplyAsync(config, CancellationToken.None));
        Assert.Equal($"balancer web, pool vms: network namespace '{gone.Name}' does not exist (no /run/netns/{gone.Name}; see ip netns list)", error.Message);
        Assert.Equal("Hello from VM 1\n", await Http.GetFreshAsync(port));
        Assert.Equal([blue.Inode], lb.Runtime.Namespaces.Entered.Select(n => n.Inode));

        // The same address:port in another network is another member: the old one drains.
        using var green = new VmNetwork("10.77.240.1");
        await using var vmGreen = green.Hello(2, "10.77.240.1", vmBlue.Endpoint.Port);
        using var open = await Http.ConnectAsync(port);
        Assert.Equal("Hello from VM 1\n", await Http.GetAsync(open));
        await lb.ReloadAsync(Config(green.Name, port, [vmGreen.Endpoint]));

        Assert.Equal("Hello from VM 2\n", await Http.GetFreshAsync(port));
        Assert.Equal("Hello from VM 1\n", await Http.GetAsync(open));
        var rule = lb.Runtime.FindRule("r")!;
        Assert.Equal(green.Inode, Assert.Single(rule.Members).Namespace!.Inode);
        Assert.Equal(blue.Inode, Assert.Single(rule.Draining).Namespace!.Inode);
        Assert.Equal([green.Inode], lb.Runtime.Namespaces.Entered.Select(n => n.Inode));
    }

    private static bool InRotation(TestBalancer lb, IPEndPoint endpoint) =>
        lb.Runtime.FindRule("r")!.Pool.Members.Any(m => m.Endpoint.Equals(endpoint));

    /// <summary>The host has no route to the VM network: the blackhole answers, never the server.</summary>
    private static async Task AssertUnreachableFromHostAsync(IPEndPoint endpoint)
    {
        using var host = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAnyAsync<SocketException>(async () => await host.ConnectAsync(endpoint, deadline.Token));
    }

    private static async Task EchoAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[100];
        try
        {
            while (true)
            {
                var r = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), cancellationToken);
                var reply = Encoding.ASCII.GetBytes("echo " + Encoding.ASCII.GetString(buffer, 0, r.ReceivedBytes));
                await socket.SendToAsync(reply, r.RemoteEndPoint, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose() => _blackhole.Dispose();
}
