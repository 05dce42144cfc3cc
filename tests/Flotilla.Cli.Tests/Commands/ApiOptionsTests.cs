using System.Net.Sockets;
using Flotilla.Cli.Tests.Support;

namespace Flotilla.Cli.Tests.Commands;

/// <summary>Finding flotillad: <c>--endpoint</c>/<c>FLOTILLA_ENDPOINT</c>, <c>--token</c>/<c>FLOTILLA_TOKEN</c>, and a daemon that is not there.</summary>
public sealed class ApiOptionsTests : IAsyncLifetime
{
    private const string Token = "s3cret-token";
    private FakeFlotillad _daemon = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("flotcli-").FullName;

    public async Task InitializeAsync() => _daemon = await FakeFlotillad.StartAsync(Token);

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_missing_socket_gets_the_one_clear_line()
    {
        var endpoint = "unix:" + Path.Combine(_dir, "flotillad.sock");
        await using var cli = await FlotillaCli.RunAsync(["vm", "list", "--endpoint", endpoint]);
        Assert.Equal($"flotilla: cannot reach flotillad at {endpoint}: is it running? (start it with bin/flotillad --data-dir DIR)",
            FlotillaCli.AssertOneErrorLine(cli, 1));
    }

    [Fact]
    public async Task A_socket_left_behind_by_a_dead_daemon_gets_the_same_line()
    {
        // Bound but not listening: connecting is refused, as after a daemon was killed.
        var path = Path.Combine(_dir, "stale.sock");
        using var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        stale.Bind(new UnixDomainSocketEndPoint(path));
        await using var cli = await FlotillaCli.RunAsync(["host", "show"], new Dictionary<string, string> { ["FLOTILLA_ENDPOINT"] = "unix:" + path });
        Assert.Equal($"flotilla: cannot reach flotillad at unix:{path}: is it running? (start it with bin/flotillad --data-dir DIR)",
            FlotillaCli.AssertOneErrorLine(cli, 1));
    }

    [Fact]
    public async Task A_tcp_port_nobody_listens_on_gets_the_same_line()
    {
        var endpoint = $"http://127.0.0.1:{Flotilla.Testing.FreePort.Tcp()}";
        await using var cli = await FlotillaCli.RunAsync(["vm", "start", "web-1", "--endpoint", endpoint]);
        Assert.Equal($"flotilla: cannot reach flotillad at {endpoint}: is it running? (start it with bin/flotillad --data-dir DIR)",
            FlotillaCli.AssertOneErrorLine(cli, 1));
    }

    [Fact]
    public async Task The_endpoint_comes_from_the_environment_and_the_flag_wins_over_it()
    {
        _daemon.Add("web-1");
        var environment = new Dictionary<string, string> { ["FLOTILLA_ENDPOINT"] = _daemon.UnixEndpoint };
        await using (var cli = await FlotillaCli.RunAsync(["vm", "list"], environment))
        {
            FlotillaCli.AssertOk(cli);
            Assert.Contains("web-1", cli.StandardOutput);
        }
        await using var flag = await FlotillaCli.RunAsync(["vm", "list", "--endpoint", "unix:" + Path.Combine(_dir, "other.sock")], environment);
        Assert.Contains("cannot reach flotillad at unix:", FlotillaCli.AssertOneErrorLine(flag, 1));
    }

    [Fact]
    public async Task Tcp_without_the_token_is_a_401_which_exits_1_and_says_where_the_token_is()
    {
        await using var cli = await FlotillaCli.RunAsync(["host", "show", "--endpoint", _daemon.HttpEndpoint!]);
        Assert.Equal("flotilla: missing or wrong bearer token (give the token with --token or FLOTILLA_TOKEN: it is in flotillad's DATA_DIR/api-token)",
            FlotillaCli.AssertOneErrorLine(cli, 1));
    }

    [Fact]
    public async Task Tcp_with_a_wrong_token_is_refused()
    {
        await using var cli = await FlotillaCli.RunAsync(["host", "show", "--endpoint", _daemon.HttpEndpoint!, "--token", "guess"]);
        Assert.Contains("the token was refused", FlotillaCli.AssertOneErrorLine(cli, 1));
    }

    [Fact]
    public async Task Tcp_with_the_token_from_the_flag_or_the_environment_works()
    {
        await using (var flag = await FlotillaCli.RunAsync(["host", "show", "-o", "json", "--endpoint", _daemon.HttpEndpoint!, "--token", Token]))
        {
            FlotillaCli.AssertOk(flag);
            Assert.Contains("\"accel\"", flag.StandardOutput);
        }
        await using var environment = await FlotillaCli.RunAsync(["vm", "list"],
            new Dictionary<string, string> { ["FLOTILLA_ENDPOINT"] = _daemon.HttpEndpoint!, ["FLOTILLA_TOKEN"] = Token });
        FlotillaCli.AssertOk(environment);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("127.0.0.1:8080")]
    [InlineData("unix:")]
    public async Task An_endpoint_that_is_neither_unix_nor_http_exits_2(string endpoint)
    {
        await using var cli = await FlotillaCli.RunAsync(["vm", "list", "--endpoint", endpoint]);
        Assert.Equal($"flotilla: --endpoint: '{endpoint}' is neither unix:/PATH/TO.sock nor http://127.0.0.1:PORT", FlotillaCli.AssertOneErrorLine(cli, 2));
    }
}
