using System.Net;
using System.Net.Sockets;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.Contract.Status;
using Flotilla.Balancer.Runtime;
using Flotilla.Balancer.Tests.Support;
using Flotilla.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Flotilla.Balancer.Tests.L7;

/// <summary>
/// A router listener whose port is in use does not reject the config (issue 14: only balancer frontends were
/// retried): the router serves on its other listeners, /status shows the waiting one with its error, it is retried
/// with back-off and takes requests once the port is free; a reload tries it at once, and one no router names any
/// more stops being retried.
/// </summary>
public sealed class RouterListenerRetryTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_held_port_waits_with_its_error_and_serves_once_free()
    {
        var free = FreePort.Tcp();
        var squatter = FreePort.HoldTcp(out var held);
        var time = new FakeTimeProvider();
        await using var runtime = new LbRuntime(time, NullLoggerFactory.Instance);

        await runtime.ApplyAsync(LbConfigReader.Parse(Router(free, held)), CancellationToken.None);

        using var client = TestRouter.Client();
        Assert.Equal("hello", await client.GetStringAsync($"http://127.0.0.1:{free}/"));
        Assert.Equal(new ListenerStatus { Frontend = $"tcp 127.0.0.1:{held}", Router = "r", Live = false, Error = "address already in use", Retries = 0 }, Held(runtime, held));

        time.Advance(BindBackoff.FirstDelay);
        await Wait.UntilAsync(() => Held(runtime, held).Retries == 1, Timeout, "the first retry");
        Assert.False(Held(runtime, held).Live);

        squatter.Dispose();
        time.Advance(TimeSpan.FromMilliseconds(500));
        await Wait.UntilAsync(() => Held(runtime, held).Live, Timeout, "the freed port bound");
        Assert.Equal("hello", await client.GetStringAsync($"http://127.0.0.1:{held}/"));
    }

    [Fact]
    public async Task A_reload_tries_a_waiting_listener_at_once_and_one_no_longer_named_stops_waiting()
    {
        var free = FreePort.Tcp();
        var squatter = FreePort.HoldTcp(out var held);
        var time = new FakeTimeProvider();
        await using var runtime = new LbRuntime(time, NullLoggerFactory.Instance);
        await runtime.ApplyAsync(LbConfigReader.Parse(Router(free, held)), CancellationToken.None);

        squatter.Dispose();
        await runtime.ApplyAsync(LbConfigReader.Parse(Router(free, held)), CancellationToken.None);   // no timer advanced
        Assert.True(Held(runtime, held).Live);

        var again = FreePort.HoldTcp(out var other);
        await runtime.ApplyAsync(LbConfigReader.Parse(Router(free, other)), CancellationToken.None);
        Assert.False(Held(runtime, other).Live);
        await runtime.ApplyAsync(LbConfigReader.Parse(Router(free, null)), CancellationToken.None);
        Assert.Equal(new[] { $"tcp 127.0.0.1:{free}" }, runtime.Routers.ListenerStatus().Select(l => l.Frontend));

        again.Dispose();
        time.Advance(TimeSpan.FromSeconds(10));
        using var client = TestRouter.Client();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync($"http://127.0.0.1:{other}/"));
        Assert.Equal(HttpRequestError.ConnectionError, refused.HttpRequestError);
    }

    private static ListenerStatus Held(LbRuntime runtime, int port) =>
        Assert.Single(runtime.Routers.ListenerStatus(), l => l.Frontend == $"tcp 127.0.0.1:{port}");

    private string Router(int free, int? second) => $$"""
        routers:
          - name: r
            affinityStore: {{Path.Combine(_dir.Path, "r.affinity.sqlite")}}
            listeners:
              - { address: 127.0.0.1, port: {{free}} }
              {{(second is { } p ? $"- {{ address: 127.0.0.1, port: {p} }}" : "")}}
            rules:
              - { name: hello, status: { code: 200, body: hello } }
        """;
}
