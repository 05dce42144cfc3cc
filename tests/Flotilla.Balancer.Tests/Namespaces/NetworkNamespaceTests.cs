using System.Net;
using System.Net.Sockets;
using System.Text;
using Flotilla.Balancer.Namespaces;
using Flotilla.Balancer.Tests.Support;
using Flotilla.Testing.Netns;

namespace Flotilla.Balancer.Tests.Namespaces;

/// <summary>The socket factory on a real kernel: which namespace its sockets land in, and that the host's stay home.</summary>
public sealed class NetworkNamespaceTests : IDisposable
{
    private readonly BlackholeRoute _blackhole = new();
    private readonly TestNamespace _vmNetwork = new();

    [Fact]
    public void A_socket_made_through_the_factory_is_in_the_target_namespace()
    {
        using var network = NetworkNamespace.Enter(_vmNetwork.Name);
        using var tcp = network.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var udp = network.CreateSocket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);

        var target = NamespaceIdentity.Inode($"/run/netns/{_vmNetwork.Name}");
        Assert.NotEqual(NamespaceIdentity.Host, target);
        Assert.Equal(target, network.Inode);
        Assert.Equal(target, NamespaceIdentity.Of(tcp));
        Assert.Equal(target, NamespaceIdentity.Of(udp));
        Assert.Equal((AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp), (udp.AddressFamily, udp.SocketType, udp.ProtocolType));

        // Like a plain new Socket: blocking until the runtime's first async operation.
        Assert.True(tcp.Blocking);
    }

    [Fact]
    public async Task A_plain_socket_made_after_200_namespaced_ones_is_in_the_host_namespace()
    {
        using var network = NetworkNamespace.Enter(_vmNetwork.Name);
        _vmNetwork.Exec("ip addr add 10.77.240.1/32 dev lo");
        using var listener = Listen(network, "10.77.240.1");
        var target = network.Inode;

        // Async connects on namespaced sockets start the runtime's socket engine, complete
        // continuations and queue thread-pool work: all of which must stay in the host.
        for (var i = 0; i < 200; i++)
        {
            using var socket = network.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            Assert.Equal(target, NamespaceIdentity.Of(socket));
            if (i % 20 == 0)
            {
                await socket.ConnectAsync(listener.LocalEndPoint!);
                using var accepted = await listener.AcceptAsync();
            }
        }

        using var plain = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Assert.Equal(NamespaceIdentity.Host, NamespaceIdentity.Of(plain));
        var onPool = await Task.Run(() =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            return NamespaceIdentity.Of(socket);
        });
        Assert.Equal(NamespaceIdentity.Host, onPool);
    }

    [Fact]
    public async Task No_thread_but_the_namespace_threads_ever_leaves_the_host_namespace()
    {
        using var network = NetworkNamespace.Enter(_vmNetwork.Name);
        using var other = new TestNamespace();
        using var second = NetworkNamespace.Enter(other.Name);
        _vmNetwork.Exec("ip addr add 10.77.240.1/32 dev lo");
        using var listener = Listen(network, "10.77.240.1");

        // Long and busy enough for the runtime to tier methods up, grow the thread pool and run
        // the socket engine: a thread started from a namespace thread would show up below.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var made = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(1))
        {
            var batch = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                using var a = network.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                using var b = second.CreateSocket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                await a.ConnectAsync(listener.LocalEndPoint!);
                using var accepted = await listener.AcceptAsync();
                Interlocked.Add(ref made, 2);
            }));
            await Task.WhenAll(batch);
        }

        var outside = NamespaceIdentity.ThreadsOutsideHost();
        Assert.True(made > 200, $"only {made} sockets made");
        Assert.All(outside, t => Assert.Equal("flotilla-netns", t.Name));
        Assert.Contains(outside, t => t.Inode == network.Inode);
        Assert.Contains(outside, t => t.Inode == second.Inode);
    }

    [Fact]
    public async Task A_server_in_the_namespace_is_reached_from_it_and_not_from_the_host()
    {
        using var network = NetworkNamespace.Enter(_vmNetwork.Name);
        _vmNetwork.Exec("ip addr add 10.77.240.2/32 dev lo");
        using var listener = Listen(network, "10.77.240.2");
        var address = (IPEndPoint)listener.LocalEndPoint!;

        using (var client = network.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await client.ConnectAsync(address);
            using var served = await listener.AcceptAsync();
            await served.SendAsync(Encoding.ASCII.GetBytes("hi"));
            var buffer = new byte[2];
            Assert.Equal(2, await client.ReceiveAsync(buffer));
        }

        using var host = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var refused = await Assert.ThrowsAnyAsync<SocketException>(async () => await host.ConnectAsync(address, deadline.Token));
        Assert.NotEqual(SocketError.Success, refused.SocketErrorCode);
    }

    [Fact]
    public void After_dispose_sockets_made_keep_their_namespace_and_new_ones_fail_with_network_down()
    {
        var network = NetworkNamespace.Enter(_vmNetwork.Name);
        using var kept = network.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        network.Dispose();

        Assert.Equal(network.Inode, NamespaceIdentity.Of(kept));
        var error = Assert.Throws<SocketException>(() => network.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        Assert.Equal(SocketError.NetworkDown, error.SocketErrorCode);
        Assert.Equal(-100, network.CreateDescriptor(2, 1, 0));
    }

    [Fact]
    public void Sockets_in_demand_are_made_in_batches_and_their_spares_go_with_the_namespace()
    {
        var network = NetworkNamespace.Enter(_vmNetwork.Name);
        for (var i = 0; i < 100; i++)
        {
            using var socket = network.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            Assert.Equal(network.Inode, NamespaceIdentity.Of(socket));
        }

        Assert.InRange(network.SpareCount, 1, 15);
        network.Dispose();
        Assert.Equal(0, network.SpareCount);
    }

    [Fact]
    public void A_missing_namespace_or_a_file_that_is_none_is_a_clear_error()
    {
        var missing = Assert.Throws<NetworkNamespaceException>(() => NetworkNamespace.Enter("fltest-no-such-network"));
        Assert.Equal("network namespace 'fltest-no-such-network' does not exist (no /run/netns/fltest-no-such-network; see ip netns list)", missing.Message);

        var file = Path.GetTempFileName();
        try
        {
            var notOne = Assert.Throws<NetworkNamespaceException>(() => NetworkNamespace.Enter(file));
            Assert.Equal($"{file} is not a network namespace (expected a name under /run/netns or a /proc/PID/ns/net file)", notOne.Message);
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Throws<NetworkNamespaceException>(() => NetworkNamespace.Enter("a/b"));
    }

    [Fact]
    public void An_absolute_path_names_a_namespace_too()
    {
        using var byName = NetworkNamespace.Enter(_vmNetwork.Name);
        using var byPath = NetworkNamespace.Enter("/proc/self/ns/net");
        Assert.Equal(NamespaceIdentity.Host, byPath.Inode);
        Assert.NotEqual(byName.Inode, byPath.Inode);
    }

    private static Socket Listen(NetworkNamespace network, string address)
    {
        var listener = network.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        listener.Listen(64);
        return listener;
    }

    public void Dispose()
    {
        _vmNetwork.Dispose();
        _blackhole.Dispose();
    }
}
