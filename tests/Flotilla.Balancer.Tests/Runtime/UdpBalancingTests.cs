using System.Net;
using System.Net.Sockets;
using System.Text;
using Flotilla.Balancer.Tests.Support;
using Flotilla.Testing;

namespace Flotilla.Balancer.Tests.Runtime;

public sealed class UdpBalancingTests
{
    [Fact]
    public async Task Datagrams_echo_through_the_balancer_and_the_flow_ends_when_idle()
    {
        using var echo = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        echo.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var echoPort = ((IPEndPoint)echo.LocalEndPoint!).Port;
        using var stop = new CancellationTokenSource();
        var echoing = EchoAsync(echo, stop.Token);

        var port = FreePort.Udp();
        await using var lb = await TestBalancer.StartAsync(TestBalancer.Config(port, [echoPort], ", idleTimeoutSeconds: 1", protocol: "udp"));

        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Connect(new IPEndPoint(IPAddress.Loopback, port));
        var buffer = new byte[100];
        for (var i = 0; i < 5; i++)
        {
            await client.SendAsync(Encoding.ASCII.GetBytes($"ping {i}"));
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var n = await client.ReceiveAsync(buffer, deadline.Token);
            Assert.Equal($"echo ping {i}", Encoding.ASCII.GetString(buffer, 0, n));
        }

        var rule = lb.Runtime.FindRule("r")!;
        Assert.Equal(1, rule.Flows.Count);
        Assert.Equal(1, rule.Members[0].FlowsTotal);
        await Wait.UntilAsync(() => rule.Flows.Count == 0, TimeSpan.FromSeconds(4), "idle UDP flow ended");
        Assert.Equal(0, rule.Members[0].ActiveFlows);
        await stop.CancelAsync();
        await echoing;
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
}
