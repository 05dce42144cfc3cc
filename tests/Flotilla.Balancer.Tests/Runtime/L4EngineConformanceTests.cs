using System.Net.Sockets;
using Flotilla.Balancer.L4.Tcp;
using Flotilla.Balancer.Tests.Support;
using Flotilla.Testing;

namespace Flotilla.Balancer.Tests.Runtime;

/// <summary>
/// Seed 000's experiments for real: HTTP servers behind the balancer on loopback, run once per
/// TCP engine (<see cref="IL4Engine"/>) so both data paths keep the same behaviour.
/// </summary>
public abstract class L4EngineConformanceTests
{
    private protected abstract L4EngineOptions Engine { get; }

    [Fact]
    public async Task The_runtime_runs_the_engine_its_options_name()
    {
        await using var lb = await TestBalancer.StartAsync(TestBalancer.Config(FreePort.Tcp(), [FreePort.Tcp()]), engine: Engine);
        Assert.Equal(Engine.Name, lb.Runtime.TcpEngine);
    }

    [Fact]
    public async Task A_hundred_fresh_connections_spread_over_three_servers()
    {
        await using var s0 = HelloServer.Start(0);
        await using var s1 = HelloServer.Start(1);
        await using var s2 = HelloServer.Start(2);
        var port = FreePort.Tcp();
        await using var lb = await TestBalancer.StartAsync(TestBalancer.Config(port, [s0.Port, s1.Port, s2.Port]), engine: Engine);

        var bodies = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            bodies.Add(await Http.GetFreshAsync(port));
        }

        for (var vm = 0; vm < 3; vm++)
        {
            Assert.True(bodies.Count(b => b == $"Hello from VM {vm}\n") >= 20, $"VM {vm}: {bodies.Count(b => b.Contains($"VM {vm}", StringComparison.Ordinal))} of 100");
        }
    }

    [Fact]
    public async Task Source_ip_pins_one_client_to_one_server()
    {
        await using var s0 = HelloServer.Start(0);
        await using var s1 = HelloServer.Start(1);
        await using var s2 = HelloServer.Start(2);
        var port = FreePort.Tcp();
        await using var lb = await TestBalancer.StartAsync(TestBalancer.Config(port, [s0.Port, s1.Port, s2.Port], ", distribution: SourceIP"), engine: Engine);

        var bodies = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            bodies.Add(await Http.GetFreshAsync(port));
        }

        Assert.Single(bodies);
    }

    [Fact]
    public async Task A_failed_connect_tries_the_next_member()
    {
        await using var live = HelloServer.Start(1);
        var dead = FreePort.Tcp();
        var port = FreePort.Tcp();
        await using var lb = await TestBalancer.StartAsync(TestBalancer.Config(port, [dead, live.Port]), engine: Engine);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("Hello from VM 1\n", await Http.GetFreshAsync(port));
        }

        Assert.True(lb.Runtime.FindRule("r")!.Members.Single(m => m.Endpoint.Port == dead).ConnectFailures > 0);
    }

    [Fact]
    public async Task With_no_member_in_rotation_a_client_is_refused_at_once()
    {
        var dead = FreePort.Tcp();
        var port = FreePort.Tcp();
        await using var lb = await TestBalancer.StartAsync(TestBalancer.Config(port, [dead], probe: "{ name: p, protocol: tcp, intervalSeconds: 1 }"), engine: Engine);
        Assert.False(lb.InRotation("r", dead));

        string ended;
        try
        {
            using var client = await Http.ConnectAsync(port);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            ended = await ReadEndAsync(client, deadline.Token);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused)
        {
            ended = "reset";
        }

        Assert.True(ended is "reset" or "closed", ended);
        Assert.Equal(1, lb.Runtime.FindRule("r")!.RejectedFlows);
    }

    [Fact]
    public async Task At_the_connection_limit_new_clients_wait_in_the_backlog_instead_of_failing()
    {
        await using var s0 = HelloServer.Start(0);
        var port = FreePort.Tcp();
        await using var lb = await TestBalancer.StartAsync(TestBalancer.Config(port, [s0.Port]), maxConnections: 2, engine: Engine);

        using var first = await Http.ConnectAsync(port);
        using var second = await Http.ConnectAsync(port);
        Assert.Equal("Hello from VM 0\n", await Http.GetAsync(first));
        Assert.Equal("Hello from VM 0\n", await Http.GetAsync(second));

        // The third connect completes in the kernel's backlog, but nobody serves it yet.
        using var third = await Http.ConnectAsync(port);
        var waiting = Http.GetAsync(third);
        await Wait.UntilAsync(() => s0.Accepted == 2, TimeSpan.FromSeconds(2), "two flows");
        // Proving an absence needs a bound: 300 ms in which the third request gets no answer.
        Assert.NotSame(waiting, await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromMilliseconds(300))));
        Assert.Equal(2, lb.Runtime.ConnectionLimit.InUse);

        first.Dispose();
        Assert.Equal("Hello from VM 0\n", await waiting.WaitAsync(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task Eight_megabytes_each_way_arrive_intact()
    {
        await using var backend = EchoServer.Start(replyOnEof: "");
        var port = FreePort.Tcp();
        await using var lb = await TestBalancer.StartAsync(TestBalancer.Config(port, [backend.Port]), engine: Engine);

        var payload = new byte[8 * 1024 * 1024];
        new Random(7).NextBytes(payload);
        using var client = await Http.ConnectAsync(port);
        var sending = Task.Run(async () =>
        {
            for (var offset = 0; offset < payload.Length; offset += 65536)
            {
                await client.SendAsync(payload.AsMemory(offset, 65536));
            }

            client.Shutdown(SocketShutdown.Send);
        });
        var echoed = await EchoServer.ReadBytesToEndAsync(client, TimeSpan.FromSeconds(60));
        await sending;

        Assert.Equal(payload.Length, echoed.Length);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(payload), System.Security.Cryptography.SHA256.HashData(echoed));
        Assert.Equal(payload.Length, lb.Runtime.FindRule("r")!.Members[0].BytesIn);
    }

    [Fact]
    public async Task A_client_that_stops_reading_holds_the_backend_back_and_loses_nothing()
    {
        var payload = new byte[32 * 1024 * 1024];
        new Random(11).NextBytes(payload);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        listener.Listen();
        var serving = AcceptLoop.RunAsync(listener, async peer =>
        {
            using (peer)
            {
                await peer.SendAsync(payload);
                peer.Shutdown(SocketShutdown.Send);
            }
        });
        var port = FreePort.Tcp();
        await using var lb = await TestBalancer.StartAsync(TestBalancer.Config(port, [((System.Net.IPEndPoint)listener.LocalEndPoint!).Port]), engine: Engine);

        using var client = await Http.ConnectAsync(port);
        var member = lb.Runtime.FindRule("r")!.Members[0];
        // Not reading: socket buffers fill up to the proxy, which must stop reading the backend.
        long last = -1;
        await Wait.UntilAsync(() =>
        {
            var now = member.BytesOut;
            var stalled = now > 0 && now == last;
            last = now;
            return stalled;
        }, TimeSpan.FromSeconds(10), "the proxy stalls on a full client socket");
        Assert.True(member.BytesOut < payload.Length, $"{member.BytesOut} bytes moved with nobody reading");

        var received = await EchoServer.ReadBytesToEndAsync(client, TimeSpan.FromSeconds(30));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(payload), System.Security.Cryptography.SHA256.HashData(received));
        listener.Dispose();
        await serving;
    }

    [Fact]
    public async Task Half_close_is_passed_on_and_the_other_direction_keeps_going()
    {
        await using var backend = EchoServer.Start(replyOnEof: "bye");
        var port = FreePort.Tcp();
        await using var lb = await TestBalancer.StartAsync(TestBalancer.Config(port, [backend.Port]), engine: Engine);

        using var client = await Http.ConnectAsync(port);
        await client.SendAsync("hello"u8.ToArray());
        client.Shutdown(SocketShutdown.Send);
        var received = await EchoServer.ReadToEndAsync(client);
        Assert.Equal("hellobye", received);
    }

    [Fact]
    public async Task Connection_accounting_returns_to_zero_after_the_flows_close()
    {
        await using var backend = EchoServer.Start(replyOnEof: "bye");
        var port = FreePort.Tcp();
        await using var lb = await TestBalancer.StartAsync(TestBalancer.Config(port, [backend.Port]), maxConnections: 100, engine: Engine);
        var rule = lb.Runtime.FindRule("r")!;
        var member = rule.Pool.Members.Single();

        var clients = new List<Socket>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var client = await Http.ConnectAsync(port);
                clients.Add(client);
                await client.SendAsync("x"u8.ToArray());
            }

            // Plus one: the accept thread holds the next flow's slot while it waits in accept(2).
            await Wait.UntilAsync(() => member.ActiveFlows == 5 && rule.Flows.Count == 5 && lb.Runtime.ConnectionLimit.InUse == 6, TimeSpan.FromSeconds(5), "five flows open");
            foreach (var client in clients)
            {
                client.Shutdown(SocketShutdown.Send);
                Assert.Equal("xbye", await EchoServer.ReadToEndAsync(client));
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        await Wait.UntilAsync(() => member.ActiveFlows == 0 && rule.Flows.Count == 0 && lb.Runtime.ConnectionLimit.InUse == 1, TimeSpan.FromSeconds(5), "every flow accounted closed");
        Assert.Equal(5, member.FlowsTotal);
    }

    [Fact]
    public async Task Proxy_protocol_v2_tells_the_backend_the_client_address()
    {
        await using var backend = EchoServer.Start(replyOnEof: "");
        var port = FreePort.Tcp();
        await using var lb = await TestBalancer.StartAsync(TestBalancer.Config(port, [backend.Port], ", sendProxyProtocol: true"), engine: Engine);

        using var client = await Http.ConnectAsync(port);
        await client.SendAsync("x"u8.ToArray());
        client.Shutdown(SocketShutdown.Send);
        var echoed = await EchoServer.ReadBytesToEndAsync(client);
        var clientEndpoint = (System.Net.IPEndPoint)client.LocalEndPoint!;
        var expected = Flotilla.Balancer.L4.Tcp.ProxyProtocolV2.Header(clientEndpoint, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
        Assert.Equal(Convert.ToHexString(expected) + "78", Convert.ToHexString(echoed));
    }

    [Fact]
    public async Task An_idle_flow_is_reset_on_both_sides_when_tcp_reset_is_on()
    {
        await using var backend = EchoServer.Start(replyOnEof: "");
        var port = FreePort.Tcp();
        await using var lb = await TestBalancer.StartAsync(TestBalancer.Config(port, [backend.Port], ", idleTimeoutSeconds: 1, enableTcpReset: true"), engine: Engine);

        using var client = await Http.ConnectAsync(port);
        await client.SendAsync("x"u8.ToArray());
        var buffer = new byte[1];
        Assert.Equal(1, await client.ReceiveAsync(buffer));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        Assert.Equal("reset", await ReadEndAsync(client, deadline.Token));
        await Wait.UntilAsync(() => backend.Resets == 1, TimeSpan.FromSeconds(2), "backend saw the reset");
    }

    private static async Task<string> ReadEndAsync(Socket socket, CancellationToken cancellationToken)
    {
        try
        {
            var n = await socket.ReceiveAsync(new byte[16], cancellationToken);
            return n == 0 ? "closed" : "data";
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return "reset";
        }
        catch (OperationCanceledException)
        {
            return "hang";
        }
    }
}

public sealed class EpollEngineConformanceTests : L4EngineConformanceTests
{
    private protected override L4EngineOptions Engine { get; } = new(L4EngineOptions.Epoll, L4EngineOptions.DefaultLoops);
}

public sealed class SocketsEngineConformanceTests : L4EngineConformanceTests
{
    private protected override L4EngineOptions Engine { get; } = new(L4EngineOptions.Sockets, L4EngineOptions.DefaultLoops);
}
