using System.Net;
using System.Net.Sockets;
using Flotilla.Balancer.Runtime;
using Flotilla.Balancer.Tests.Support;
using Flotilla.Core.Specs;
using Flotilla.Testing;

namespace Flotilla.Balancer.Tests.L7;

/// <summary>Router changes go live through <see cref="LbRuntime.ApplyAsync"/>: no request fails while they do, and a config that cannot go live leaves the old one serving.</summary>
[Collection(TimingCollection.Name)]
public sealed class ReloadTests : IAsyncLifetime
{
    private Backend _a = null!;
    private Backend _b = null!;

    public async Task InitializeAsync()
    {
        _a = await Backend.StartAsync("a");
        _b = await Backend.StartAsync("b");
    }

    private string Config(int version, string extraListener = "", string farmExtra = "") => $$"""
        routers:
          - name: r
            listeners:
              - { address: 127.0.0.1, port: 0 }
              {{extraListener}}
            rules:
              - { name: v{{version}}, match: { path: { prefix: /v } }, status: { code: 200, body: "v{{version}}" } }
              - { name: app, forward: {{(version % 2 == 0 ? "even" : "odd")}} }
            farms:
              - { name: even, {{farmExtra}} members: [ { address: 127.0.0.1, port: {{_a.Port}} }, { address: 127.0.0.1, port: {{_b.Port}} } ] }
              - { name: odd, members: [ { address: 127.0.0.1, port: {{(version % 3 == 0 ? _a.Port : _b.Port)}} } ] }
        """;

    [Fact]
    public async Task Reloads_under_load_fail_no_request()
    {
        await using var router = await TestRouter.StartAsync(Config(0));
        var port = router.Port();
        using var stop = new CancellationTokenSource();
        var failures = new List<string>();
        var counts = new int[4];
        var clients = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            using var client = TestRouter.Client();
            for (var i = 0; i < 3000 && !stop.IsCancellationRequested; i++)
            {
                try
                {
                    using var response = await client.GetAsync(TestRouter.Url(port, i % 2 == 0 ? "/v" : "/x"));
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        lock (failures)
                        {
                            failures.Add($"{(int)response.StatusCode} {body}");
                        }
                    }

                    counts[c]++;
                }
                catch (HttpRequestException e)
                {
                    lock (failures)
                    {
                        failures.Add(e.Message);
                    }
                }
            }
        })).ToList();

        for (var version = 1; version <= 12; version++)
        {
            await Wait.UntilAsync(() => counts.Sum() >= version * 100, TimeSpan.FromSeconds(30), "requests between reloads");
            await router.ReloadAsync(Config(version, version % 4 == 1 ? "- { address: 127.0.0.3, port: 0 }" : ""));
            using var client = TestRouter.Client();
            Assert.Equal($"v{version}", await client.GetStringAsync(TestRouter.Url(port, "/v")));
        }

        await stop.CancelAsync();
        await Task.WhenAll(clients);
        Assert.Empty(failures);
        Assert.True(counts.Sum() >= 1200, $"only {counts.Sum()} requests ran");
        Assert.Null(router.Runtime.Routers.ListeningEndpoint("127.0.0.3", 0));
    }

    [Fact]
    public async Task A_config_that_cannot_go_live_is_refused_and_the_old_one_keeps_serving()
    {
        await using var router = await TestRouter.StartAsync(Config(0));
        var port = router.Port();
        using var client = TestRouter.Client();

        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var takenPort = ((IPEndPoint)taken.LocalEndPoint!).Port;
        // A port in use is not a reason to refuse: the rest goes live and that listener waits (RouterListenerRetryTests).
        await router.ReloadAsync(Config(1, $"- {{ address: 127.0.0.1, port: {takenPort} }}"));
        Assert.Equal("v1", await client.GetStringAsync(TestRouter.Url(port, "/v")));
        Assert.Contains(router.Runtime.Routers.ListenerStatus(), l => l.Frontend == $"tcp 127.0.0.1:{takenPort}" && !l.Live && l.Error == "address already in use");

        var busy = await Assert.ThrowsAsync<LbApplyException>(() => router.ReloadAsync(Config(2, "- { address: 192.0.2.1, port: 80 }")));
        Assert.StartsWith("router r: cannot listen on tcp 192.0.2.1:80: ", busy.Message, StringComparison.Ordinal);
        Assert.Equal("v1", await client.GetStringAsync(TestRouter.Url(port, "/v")));
        Assert.Contains(await client.GetStringAsync(TestRouter.Url(port, "/x")), new[] { "a GET /x", "b GET /x" });

        var spec = Assert.Throws<SpecException>(() => Flotilla.Balancer.Configuration.LbConfigReader.Parse(Config(2).Replace("forward: even", "forward: evn", StringComparison.Ordinal)));
        Assert.Equal("routers[0].rules[1].forward", spec.Key);

        await router.ReloadAsync(Config(2));
        Assert.Equal("v2", await client.GetStringAsync(TestRouter.Url(port, "/v")));
    }

    [Fact]
    public async Task A_router_added_by_a_reload_serves_and_one_removed_stops_listening()
    {
        await using var router = await TestRouter.StartAsync(Config(1));
        var second = FreePort.Tcp();
        await router.ReloadAsync(Config(1) + $$"""

              - name: second
                listeners: [ { address: 127.0.0.1, port: {{second}} } ]
                rules: [ { name: hi, status: { code: 200, body: second } } ]
            """);
        using var client = TestRouter.Client();
        Assert.Equal("second", await client.GetStringAsync(TestRouter.Url(second, "/")));
        Assert.Equal("v1", await client.GetStringAsync(TestRouter.Url(router.Port(), "/v")));

        await router.ReloadAsync(Config(1));
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(async () => await probe.ConnectAsync(IPAddress.Loopback, second));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }
}
