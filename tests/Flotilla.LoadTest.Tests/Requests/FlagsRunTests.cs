using Flotilla.LoadTest.Execution;
using Flotilla.LoadTest.Http;
using Flotilla.LoadTest.Tests.Support;
using Flotilla.Testing;

namespace Flotilla.LoadTest.Tests.Requests;

/// <summary>Flags runs against real servers on loopback: counts, error kinds, checks, connection reuse.</summary>
public sealed class FlagsRunTests : IAsyncLifetime
{
    private TestWebServer _server = null!;

    public async Task InitializeAsync() => _server = await TestWebServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Every_request_is_counted_with_its_bytes_and_checks()
    {
        var result = await FlagsRun.IterationsAsync(_server.Url + "/hello", vus: 4, iterations: 200, expectStatus: [200], expectBody: ["Hello from VM"]);
        var m = result.Metrics;
        Assert.Equal(200, m.HttpReqs.Count);
        Assert.Equal(200, m.Iterations.Count);
        Assert.Equal(0, m.HttpReqFailed.Matches);
        Assert.Equal(200, _server.Requests);
        Assert.Equal(400, m.Checks.Total);
        Assert.Equal(400, m.Checks.Matches);
        Assert.All(result.Checks, c => Assert.Equal((200L, 0L), (c.Passes, c.Fails)));
        Assert.Equal("Hello from VM 0", Assert.Single(result.Bodies).Body);
        Assert.True(m.DataReceived.Count > 200 * "Hello from VM 0".Length, "headers and bodies are counted");
        Assert.True(m.DataSent.Count > 200 * 30, "request bytes are counted");
        Assert.Equal(200, m.HttpReqDuration.Count);
        Assert.True(m.HttpReqDuration.Min > 0 && m.HttpReqDuration.Max >= m.HttpReqDuration.P99);
        Assert.Equal(4, m.VusMax.Value);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task Error_statuses_are_failures_by_kind_and_fail_their_check()
    {
        var result = await FlagsRun.IterationsAsync(_server.Url + "/status/503", vus: 2, iterations: 30, expectStatus: [200]);
        Assert.Equal(30, result.Metrics.HttpReqFailed.Matches);
        Assert.Equal(("HTTP 503", 30L), (Assert.Single(result.Errors).Kind, result.Errors[0].Count));
        Assert.Equal((0L, 30L), (result.Checks[0].Passes, result.Checks[0].Fails));
    }

    [Fact]
    public async Task A_refusing_target_is_a_result_not_a_crash()
    {
        // A bound socket that does not listen refuses, and holds its port so no other test's server gets it.
        using var closed = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        closed.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var port = ((System.Net.IPEndPoint)closed.LocalEndPoint!).Port;
        var result = await FlagsRun.IterationsAsync($"http://127.0.0.1:{port}/", vus: 2, iterations: 20, expectStatus: [200]);
        Assert.Equal(20, result.Metrics.HttpReqs.Count);
        Assert.Equal(("refused", 20L), (Assert.Single(result.Errors).Kind, result.Errors[0].Count));
        Assert.Equal(20, result.Checks[0].Fails);
    }

    [Fact]
    public async Task A_slow_target_times_out_per_request()
    {
        var options = new HttpSessionOptions { Timeout = TimeSpan.FromMilliseconds(300) };
        var result = await FlagsRun.IterationsAsync(_server.Url + "/slow?ms=5000", vus: 3, iterations: 3, options);
        Assert.Equal(("timeout", 3L), (Assert.Single(result.Errors).Kind, result.Errors[0].Count));
        Assert.InRange(result.Metrics.HttpReqDuration.Min, 250, 2000);
    }

    [Theory]
    [InlineData(true, "reset")]
    [InlineData(false, "eof")]
    public async Task A_server_that_hangs_up_is_counted_as_reset_or_eof(bool reset, string kind)
    {
        using var server = new MisbehavingServer(reset);
        var result = await FlagsRun.IterationsAsync(server.Url, vus: 2, iterations: 10);
        Assert.Equal((kind, 10L), (Assert.Single(result.Errors).Kind, result.Errors[0].Count));
    }

    [Fact]
    public async Task Keep_alive_by_default_and_one_connection_per_request_without_reuse()
    {
        await using var hello = HelloServer.Start(7);
        var kept = await FlagsRun.IterationsAsync($"http://127.0.0.1:{hello.Port}/", vus: 3, iterations: 60);
        Assert.True(hello.Accepted == 3, $"accepted {hello.Accepted} connections for 3 VUs; errors: {string.Join(", ", kept.Errors)}");

        await using var fresh = HelloServer.Start(8);
        var result = await FlagsRun.IterationsAsync($"http://127.0.0.1:{fresh.Port}/", vus: 3, iterations: 60, new HttpSessionOptions { ReuseConnections = false });
        Assert.Equal(60, fresh.Accepted);
        Assert.Equal(0, result.Metrics.HttpReqFailed.Matches);
    }

    [Fact]
    public async Task Chunked_and_closing_responses_are_read_whole()
    {
        var chunked = await FlagsRun.IterationsAsync(_server.Url + "/chunked", vus: 2, iterations: 20, expectBody: ["Hello from VM 1"]);
        Assert.Equal(20, chunked.Checks[0].Passes);
        var closing = await FlagsRun.IterationsAsync(_server.Url + "/close", vus: 2, iterations: 20, expectStatus: [200]);
        Assert.Equal(20, closing.Checks[0].Passes);
        Assert.Empty(closing.Errors);
    }

    [Fact]
    public async Task Bodies_are_tallied_per_backend()
    {
        var result = await FlagsRun.IterationsAsync(_server.Url + "/vm", vus: 3, iterations: 90);
        Assert.Equal(["Hello from VM 0", "Hello from VM 1", "Hello from VM 2"], result.Bodies.Select(b => b.Body).Order());
        Assert.All(result.Bodies, b => Assert.Equal(30, b.Count));
    }

    [Fact]
    public async Task A_stopped_run_keeps_what_ran()
    {
        using var stop = new CancellationTokenSource();
        var run = FlagsRun.RunAsync(_server.Url + "/hello", new ConstantVusScenario(4, TimeSpan.FromMinutes(5)), cancellationToken: stop.Token);
        await Wait.UntilAsync(() => _server.Requests >= 50, TimeSpan.FromSeconds(20), "requests flowing");
        await stop.CancelAsync();
        var result = await run;
        Assert.True(result.Run.Interrupted);
        Assert.True(result.Metrics.HttpReqs.Count >= 50);
        Assert.Equal(result.Metrics.HttpReqs.Count, result.Metrics.Iterations.Count);
        Assert.True(result.Run.ElapsedSeconds < 60);
    }
}
