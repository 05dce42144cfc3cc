using Flotilla.Daemon.Hosting;

namespace Flotilla.Daemon.Tests.Hosting;

public sealed class ListenAddressTests
{
    [Fact]
    public void Unix_sockets_and_http_addresses_parse()
    {
        Assert.Equal("/run/flotilla/a.sock", ListenAddress.Parse("unix:/run/flotilla/a.sock").SocketPath);
        var tcp = ListenAddress.Parse("http://127.0.0.1:7443");
        Assert.False(tcp.IsUnix);
        Assert.Equal(7443, tcp.Http!.Port);
    }

    [Theory]
    [InlineData("unix:relative.sock")]
    [InlineData("https://127.0.0.1:1")]
    [InlineData("127.0.0.1:80")]
    [InlineData("http://127.0.0.1:80/api")]
    public void Anything_else_is_refused_with_the_accepted_forms(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => ListenAddress.Parse(text));
        Assert.Contains("unix:/", e.Message);
    }
}
