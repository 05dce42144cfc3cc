using System.Net;
using Flotilla.Daemon.Balancers.Frontends;

namespace Flotilla.Daemon.Tests.Balancers;

/// <summary>The kernel's socket tables as the frontend check reads them, and which bound addresses take a port from each other.</summary>
public sealed class ProcNetTableTests
{
    private const string Tcp = """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 0100007F:1F9A 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0
           1: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5151 1 0000000000000000 100 0 0 10 0
           2: 0100007F:D2C4 0100007F:1F9A 01 00000000:00000000 00:00000000 00000000     0        0 6161 1 0000000000000000 20 4 30 10 -1
        """;

    private const string Tcp6 = """
          sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7171 1 0000000000000000 100 0 0 10 0
        """;

    [Fact]
    public void Tcp_listeners_are_read_with_address_port_and_inode_and_connections_are_not()
    {
        var sockets = ProcNetTable.Parse(Tcp, "tcp");
        Assert.Equal([new HostSocket("tcp", IPAddress.Loopback, 8090, 4242), new HostSocket("tcp", IPAddress.Any, 80, 5151)], sockets);
        Assert.Equal([new HostSocket("tcp", IPAddress.IPv6Any, 8080, 7171)], ProcNetTable.Parse(Tcp6, "tcp"));
    }

    [Fact]
    public void Udp_sockets_count_in_any_state()
    {
        var sockets = ProcNetTable.Parse(Tcp.Replace(" 0A ", " 07 ").Replace(" 01 ", " 07 "), "udp");
        Assert.Equal(3, sockets.Count);
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("0.0.0.0", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "0.0.0.0", true)]
    [InlineData("127.0.0.1", "127.0.0.2", false)]
    [InlineData("::", "127.0.0.1", true)]
    [InlineData("::ffff:127.0.0.1", "127.0.0.1", true)]
    [InlineData("::1", "127.0.0.1", false)]
    public void Overlap_is_as_a_bind_decides(string a, string b, bool overlap) =>
        Assert.Equal(overlap, FrontendAddresses.Overlap(IPAddress.Parse(a), IPAddress.Parse(b)));
}
