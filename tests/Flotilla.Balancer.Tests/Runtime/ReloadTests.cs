using System.Net.Sockets;
using Flotilla.Balancer.Runtime;
using Flotilla.Balancer.Tests.Support;
using Flotilla.Testing;

namespace Flotilla.Balancer.Tests.Runtime;

public sealed class ReloadTests
{
    [Fact]
    public async Task Removing_a_member_leaves_open_connections_to_the_others_working()
    {
        await using var s0 = HelloServer.Start(0);
        await using var s1 = HelloServer.Start(1);
        await using var s2 = HelloServer.Start(2);
        var port = FreePort.Tcp();
        await using var lb = await TestBalancer.StartAsync(TestBalancer.Config(port, [s0.Port, s1.Port, s2.Port]));

        var connections = new List<(Socket Socket, string Body)>();
        for (var i = 0; i < 30; i++)
        {
            var socket = await Http.ConnectAsync(port);
            connections.Add((socket, await Http.GetAsync(socket)));
        }

        await lb.ReloadAsync(TestBalancer.Config(port, [s0.Port, s2.Port], ", drainTimeoutSeconds: 1"));

        var others = connections.Where(c => c.Body != "Hello from VM 1\n").ToList();
        var onRemoved = connections.Where(c => c.Body == "Hello from VM 1\n").ToList();
        Assert.NotEmpty(onRemoved);
        foreach (var (socket, body) in others)
        {
            Assert.Equal(body, await Http.GetAsync(socket));
        }

        // New flows avoid the removed member; its own flows end when the drain time runs out.
        for (var i = 0; i < 20; i++)
        {
            Assert.NotEqual("Hello from VM 1\n", await Http.GetFreshAsync(port));
        }

        await Wait.UntilAsync(() => s1.OpenConnections == 0, TimeSpan.FromSeconds(4), "drained flows closed");
        foreach (var (socket, body) in others)
        {
            Assert.Equal(body, await Http.GetAsync(socket));
            socket.Dispose();
        }

        onRemoved.ForEach(c => c.Socket.Dispose());
    }

    [Fact]
    public async Task A_reload_whose_port_is_taken_goes_live_without_that_frontend_until_it_is_free()
    {
        await using var s0 = HelloServer.Start(0);
        var port = FreePort.Tcp();
        await using var lb = await TestBalancer.StartAsync(TestBalancer.Config(port, [s0.Port]));
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        squatter.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        squatter.Listen();
        var taken = ((System.Net.IPEndPoint)squatter.LocalEndPoint!).Port;

        await lb.ReloadAsync(TestBalancer.Config(taken, [s0.Port]));

        var listener = Assert.Single(lb.Runtime.Listeners);
        Assert.Equal(($"tcp 127.0.0.1:{taken}", false, "address already in use"), (listener.Frontend, listener.Live, listener.Error));
        var refused = await Assert.ThrowsAsync<SocketException>(() => Http.GetFreshAsync(port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task A_moved_frontend_port_serves_on_the_new_port_only()
    {
        await using var s0 = HelloServer.Start(0);
        var first = FreePort.Tcp();
        await using var lb = await TestBalancer.StartAsync(TestBalancer.Config(first, [s0.Port]));
        var second = FreePort.Tcp();
        await lb.ReloadAsync(TestBalancer.Config(second, [s0.Port]));

        Assert.Equal("Hello from VM 0\n", await Http.GetFreshAsync(second));
        var refused = await Assert.ThrowsAsync<SocketException>(() => Http.GetFreshAsync(first));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }
}
