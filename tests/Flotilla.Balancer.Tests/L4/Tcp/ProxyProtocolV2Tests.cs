using System.Net;
using Flotilla.Balancer.L4.Tcp;

namespace Flotilla.Balancer.Tests.L4.Tcp;

public sealed class ProxyProtocolV2Tests
{
    [Fact]
    public void An_ipv4_header_carries_signature_command_family_and_both_endpoints()
    {
        var header = ProxyProtocolV2.Header(new IPEndPoint(IPAddress.Parse("192.0.2.7"), 51234), new IPEndPoint(IPAddress.Parse("127.0.0.1"), 8080));
        Assert.Equal(
            "0D0A0D0A000D0A515549540A" + "21" + "11" + "000C" + "C0000207" + "7F000001" + "C822" + "1F90",
            Convert.ToHexString(header));
    }

    [Fact]
    public void An_ipv6_header_is_36_address_bytes_long()
    {
        var header = ProxyProtocolV2.Header(new IPEndPoint(IPAddress.IPv6Loopback, 1), new IPEndPoint(IPAddress.IPv6Loopback, 2));
        Assert.Equal(16 + 36, header.Length);
        Assert.Equal(0x21, header[13]);
    }
}
