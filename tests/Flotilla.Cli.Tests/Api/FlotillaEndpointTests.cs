using Flotilla.Cli.Commands;

namespace Flotilla.Cli.Tests.Api;

public sealed class FlotillaEndpointTests
{
    [Theory]
    [InlineData("unix:/run/flotilla/flotillad.sock", "/run/flotilla/flotillad.sock")]
    [InlineData("unix:///run/flotilla/flotillad.sock", "/run/flotilla/flotillad.sock")]
    public void A_unix_endpoint_is_a_socket_path_behind_http_localhost(string text, string path)
    {
        var endpoint = FlotillaEndpoint.Parse(text);
        Assert.Equal(path, endpoint.SocketPath);
        Assert.Equal(new Uri("http://localhost/"), endpoint.BaseAddress);
        Assert.Equal(text, endpoint.ToString());
    }

    [Fact]
    public void A_relative_socket_path_is_made_absolute()
    {
        Assert.Equal(Path.GetFullPath("d/flotillad.sock"), FlotillaEndpoint.Parse("unix:d/flotillad.sock").SocketPath);
    }

    [Theory]
    [InlineData("http://127.0.0.1:7070")]
    [InlineData("http://127.0.0.1:7070/")]
    [InlineData("https://flotilla.example:8443")]
    public void An_http_endpoint_is_its_own_base_address(string text)
    {
        var endpoint = FlotillaEndpoint.Parse(text);
        Assert.Null(endpoint.SocketPath);
        Assert.Equal(new Uri(text), endpoint.BaseAddress);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("127.0.0.1:7070")]
    [InlineData("http://127.0.0.1:7070/api")]
    [InlineData("unix:")]
    [InlineData("/run/flotilla/flotillad.sock")]
    public void Anything_else_is_bad_input(string text)
    {
        var e = Assert.Throws<InvalidEndpointException>(() => FlotillaEndpoint.Parse(text));
        Assert.StartsWith("--endpoint: ", e.Message);
    }

    [Theory]
    [InlineData("unix:/flag.sock", "unix:/env.sock", "unix:/flag.sock")]
    [InlineData(null, "unix:/env.sock", "unix:/env.sock")]
    [InlineData("", "  ", FlotillaEndpoint.Default)]
    [InlineData(null, null, FlotillaEndpoint.Default)]
    public void The_flag_wins_over_the_environment_which_wins_over_the_default(string? flag, string? environment, string expected)
    {
        Assert.Equal(expected, FlotillaEndpoint.Resolve(flag, environment).Text);
    }
}
