using System.Net;
using System.Net.Sockets;
using Flotilla.Balancer.Tests.Support;
using Flotilla.Testing;
using Flotilla.Testing.Netns;

namespace Flotilla.Balancer.Tests.L7;

/// <summary>
/// A farm whose members live in a network namespace the host has no route to (the suite's
/// blackhole holds 10.77.0.0/16): the router reaches them, and its health test follows them, by
/// sockets made inside the namespace.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class NamespacedFarmTests : IDisposable
{
    private readonly BlackholeRoute _blackhole = new();

    [Fact]
    public async Task Requests_and_health_tests_reach_members_inside_the_namespace()
    {
        using var network = new VmNetwork("10.77.241.1", "10.77.241.2");
        await using var vm1 = network.Hello(1, "10.77.241.1");
        var vm2 = network.Hello(2, "10.77.241.2");
        await using var router = await TestRouter.StartAsync($$"""
            routers:
              - name: r
                listeners: [ { address: 127.0.0.1, port: 0 } ]
                rules: [ { name: all, forward: vms } ]
                farms:
                  - name: vms
                    namespace: {{network.Name}}
                    health: { active: { path: /, interval: 1, timeout: 1 } }
                    members: [ { address: 10.77.241.1, port: {{vm1.Endpoint.Port}} }, { address: 10.77.241.2, port: {{vm2.Endpoint.Port}} } ]
            """);
        using var client = TestRouter.Client();
        var url = TestRouter.Url(router.Port(), "/");
        var bodies = new HashSet<string>();
        for (var i = 0; i < 10; i++)
        {
            bodies.Add(await client.GetStringAsync(url));
        }

        Assert.Equal(["Hello from VM 1\n", "Hello from VM 2\n"], bodies.Order());
        using (var host = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await Assert.ThrowsAnyAsync<Exception>(async () => await host.ConnectAsync(vm1.Endpoint, deadline.Token));
        }

        await vm2.DisposeAsync();
        await Wait.UntilAsync(async () =>
        {
            for (var i = 0; i < 6; i++)
            {
                using var response = await client.GetAsync(url);
                if (await response.Content.ReadAsStringAsync() != "Hello from VM 1\n")
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromSeconds(10), "the stopped VM out of rotation");
        Assert.All(NamespaceIdentity.ThreadsOutsideHost(), t => Assert.Equal("flotilla-netns", t.Name));
        Assert.Equal([network.Inode], router.Runtime.Namespaces.Entered.Select(n => n.Inode));
    }

    public void Dispose() => _blackhole.Dispose();
}
