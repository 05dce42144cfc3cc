using System.Net.Sockets;
using Flotilla.Balancer.Health;

namespace Flotilla.Balancer.Tests.Health;

public sealed class LocalShortageTests
{
    [Theory]
    [InlineData(SocketError.TooManyOpenSockets, true)]
    [InlineData(SocketError.NoBufferSpaceAvailable, true)]
    [InlineData(SocketError.ConnectionRefused, false)]
    [InlineData(SocketError.TimedOut, false)]
    public void Only_our_own_shortages_are_inconclusive(SocketError error, bool local)
    {
        Assert.Equal(local, LocalShortage.Is(new SocketException((int)error)));
        Assert.Equal(local, LocalShortage.Is(new HttpRequestException("probe", new SocketException((int)error))));
    }
}
