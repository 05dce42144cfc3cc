using Flotilla.Compute.Networking.Security;
using Flotilla.Core.Security;
using Flotilla.Testing;
using Flotilla.Testing.Netns;

namespace Flotilla.Compute.Tests.Networking.Security;

/// <summary>
/// A Flotilla network built by hand, as the network code builds one: a namespace holding <c>br0</c> with the gateway
/// address, two "VMs" (namespaces whose <c>eth0</c> is a veth whose other end, on the bridge, stands for the tap) and an
/// "outside" host reached through a routed uplink, as a <c>nat</c> network's internet is. Each runs small socat servers
/// that answer with their name. Addresses stay in 10.77.241.0/24, under the suite's blackhole route.
/// <code>
///   outside 10.77.241.130/26 ── up0 .129 ┐
///                                        network ns: br0 10.77.241.1/25 ── tap-a ── vm-a 10.77.241.10
///                                                                       └─ tap-b ── vm-b 10.77.241.11
/// </code>
/// </summary>
internal sealed class NsgLab : IDisposable
{
    public const string Cidr = "10.77.241.0/25";
    public const string Gateway = "10.77.241.1";
    public const string A = "10.77.241.10";
    public const string B = "10.77.241.11";
    public const string OutsideAddress = "10.77.241.130";
    public const string OutsidePrefix = "10.77.241.128/26";
    public const string MacA = "02:77:f1:00:00:0a";
    public const string MacB = "02:77:f1:00:00:0b";

    /// <summary>TCP ports every host serves; UDP <see cref="UdpPort"/> on the VMs.</summary>
    public static readonly int[] TcpPorts = [80, 8080];
    public const int UdpPort = 53;

    private readonly BlackholeRoute _blackhole = new();
    private readonly List<IDisposable> _owned = [];

    private NsgLab()
    {
        _owned.Add(_blackhole);
        Network = Own(new TestNamespace("flnsg"));
        VmA = Own(new TestNamespace("flnsg"));
        VmB = Own(new TestNamespace("flnsg"));
        Outside = Own(new TestNamespace("flnsg"));
    }

    public TestNamespace Network { get; }
    public TestNamespace VmA { get; }
    public TestNamespace VmB { get; }
    public TestNamespace Outside { get; }

    public static async Task<NsgLab> CreateAsync()
    {
        var lab = new NsgLab();
        try
        {
            lab.Wire();
            await lab.ServeAsync().ConfigureAwait(false);
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    /// <summary>The network as the compiler sees it, with the given groups on the network and on each VM's NIC.</summary>
    public static SecuredNetwork Secured(SecurityGroup? network = null, SecurityGroup? nicA = null, SecurityGroup? nicB = null) =>
        SecuredNetworks.Network(Cidr, Gateway,
            SecuredNetworks.Port("tap-a", A, MacA, network, nicA),
            SecuredNetworks.Port("tap-b", B, MacB, network, nicB));

    public Task ApplyAsync(SecuredNetwork network) => NsgApplier.ApplyAsync(Network.Name, network, CancellationToken.None);

    /// <summary>Opens a TCP connection and reads the server's name; "" when none came (dropped, refused, timed out).</summary>
    public static string Connect(TestNamespace from, string address, int port, string? bind = null) =>
        from.Exec($"socat -T 2 -u TCP:{address}:{port},connect-timeout=1{(bind is null ? "" : $",bind={bind}")} -", check: false).Trim();

    /// <summary>Sends one UDP datagram and reads the reply's name; "" when none came within a second.</summary>
    public static string Ask(TestNamespace from, string address, int port) =>
        from.Exec($"echo hi | socat -T 1 - UDP:{address}:{port}", check: false).Trim();

    /// <summary>Asserts a new connection gets through (tried up to three times: a busy machine may miss a 1 s deadline once).</summary>
    public static void AssertConnects(TestNamespace from, string address, int port, string expectedName, string? bind = null)
    {
        var reply = "";
        for (var attempt = 0; attempt < 3 && reply.Length == 0; attempt++) reply = Connect(from, address, port, bind);
        Assert.True(reply == expectedName, $"{from.Name} → {address}:{port}: expected '{expectedName}', got '{reply}'");
    }

    /// <summary>Asserts a UDP query gets its answer (up to three tries, as for <see cref="AssertConnects"/>).</summary>
    public static void AssertAnswers(TestNamespace from, string address, int port, string expectedName)
    {
        var reply = "";
        for (var attempt = 0; attempt < 3 && reply.Length == 0; attempt++) reply = Ask(from, address, port);
        Assert.True(reply == expectedName, $"{from.Name} → {address}:{port}/udp: expected '{expectedName}', got '{reply}'");
    }

    public static void AssertBlocked(TestNamespace from, string address, int port, string? bind = null)
    {
        var reply = Connect(from, address, port, bind);
        Assert.True(reply.Length == 0, $"{from.Name} → {address}:{port}: expected no connection, got '{reply}'");
    }

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
    }

    private T Own<T>(T item) where T : IDisposable
    {
        _owned.Add(item);
        return item;
    }

    private void Wire()
    {
        Network.Exec("ip link add br0 type bridge && ip addr add 10.77.241.1/25 dev br0 && ip link set br0 up && sysctl -qw net.ipv4.ip_forward=1");
        foreach (var (vm, tap, mac, address) in new[] { (VmA, "tap-a", MacA, A), (VmB, "tap-b", MacB, B) })
        {
            Sh.Run($"ip link add {tap} netns {Network.Name} type veth peer name eth0 netns {vm.Name}");
            vm.Exec($"ip link set eth0 address {mac} && ip addr add {address}/25 dev eth0 && ip link set eth0 up && ip route add default via {Gateway}");
            Network.Exec($"ip link set {tap} master br0 && ip link set {tap} up");
        }
        Sh.Run($"ip link add up0 netns {Network.Name} type veth peer name eth0 netns {Outside.Name}");
        Network.Exec("ip addr add 10.77.241.129/26 dev up0 && ip link set up0 up");
        Outside.Exec($"ip addr add {OutsideAddress}/26 dev eth0 && ip link set eth0 up && ip route add default via 10.77.241.129");
    }

    private async Task ServeAsync()
    {
        foreach (var (host, name) in new[] { (VmA, "vm-a"), (VmB, "vm-b"), (Network, "gateway"), (Outside, "outside") })
        {
            foreach (var port in TcpPorts) Own(LabProcess.Start(host, false, "socat", $"TCP-LISTEN:{port},fork,reuseaddr", $"EXEC:echo {name}"));
            // The child reads the datagram before answering: with a bare "echo", socat raced its unread input and lost replies.
            if (host == VmA || host == VmB) Own(LabProcess.Start(host, false, "socat", $"UDP-RECVFROM:{UdpPort},fork", $"SYSTEM:read line; echo {name}"));
        }
        foreach (var host in new[] { VmA, VmB, Network, Outside })
        {
            await Wait.UntilAsync(() => TcpPorts.All(port => host.Exec($"ss -Hltn 'sport = :{port}'").Length > 0), TimeSpan.FromSeconds(10), $"servers listening in {host.Name}");
        }
        await Wait.UntilAsync(() => VmA.Exec($"ss -Hlun 'sport = :{UdpPort}'").Length > 0 && VmB.Exec($"ss -Hlun 'sport = :{UdpPort}'").Length > 0,
            TimeSpan.FromSeconds(10), "UDP servers bound");
    }
}
