using System.Text.Json;
using Flotilla.Cli.Tests.Support;

namespace Flotilla.Cli.Tests.Commands.LoadTest;

/// <summary><c>flotilla loadtest URL --stack NAME</c> against a fake flotillad whose event stream the test drives.</summary>
public sealed class LoadTestStackCommandTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-lt-stack-").FullName;
    private FakeEventStream _daemon = null!;

    public async Task InitializeAsync() => _daemon = await FakeEventStream.StartAsync("website", new Dictionary<string, string?>
    {
        ["web-0"] = "website", ["web-3"] = "website", ["db"] = "other",
    });

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_stack_events_during_the_run_land_in_the_result_at_their_offset_from_the_start_and_a_series_per_backend_beside_them()
    {
        var json = Path.Combine(_dir, "run.json");
        var run = FlotillaCli.RunAsync(["loadtest", _daemon.Url, "--stack", "website", "--endpoint", _daemon.UnixEndpoint,
            "--vus", "2", "--duration", "3s", "--out", json, "--report", Path.Combine(_dir, "run.html"), "-q"]);

        // The watch starts after the newest event kept (41), so the host's history stays out.
        Assert.Equal(41, await _daemon.Watching.WaitAsync(TimeSpan.FromSeconds(30)));
        await Task.Delay(TimeSpan.FromSeconds(1)); // into the run: the markers need a place on the timeline
        var down = _daemon.Publish("probe.down", "balancer/web", "10.0.1.5 (rule http) down: connection refused");
        _daemon.Publish("vm.state", "vm/db", "running -> stopped");         // another stack's VM
        _daemon.Publish("balancer.changed", "balancer/other", "rules: 1"); // a balancer of no stack
        var added = _daemon.Publish("vm.state", "vm/web-3", "starting -> running"); // the stack's, looked up
        var reload = _daemon.Publish("lb.reloaded", "flotilla-lb", "pid 7: web");
        await using var cli = await run;

        Assert.True(cli.ExitCode == 0, cli.Output);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = doc.RootElement;
        Assert.Equal("website", root.GetProperty("run").GetProperty("stack").GetString());
        var started = root.GetProperty("run").GetProperty("started").GetDateTimeOffset();
        var events = root.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["probe.down", "vm.state", "lb.reloaded"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(["balancer/web", "vm/web-3", "flotilla-lb"], events.Select(e => e.GetProperty("object").GetString()));
        foreach (var (e, time) in events.Zip([down, added, reload]))
        {
            var offset = e.GetProperty("offset_seconds").GetDouble();
            Assert.Equal((time - started).TotalSeconds, offset, 0.002);
            Assert.InRange(offset, 0.5, 3);
        }
        Assert.Equal("10.0.1.5 (rule http) down: connection refused", events[0].GetProperty("message").GetString());

        var backends = root.GetProperty("backends").EnumerateArray().ToList();
        Assert.Equal(["Hello from VM 0", "Hello from VM 1"], backends.Select(b => b.GetProperty("backend").GetString()).Order());
        Assert.All(backends, b => Assert.True(b.GetProperty("timeline").GetArrayLength() >= 2));
        Assert.Equal(root.GetProperty("metrics").GetProperty("http_reqs").GetProperty("count").GetInt64(), backends.Sum(b => b.GetProperty("requests").GetInt64()));

        Assert.Contains("EVENTS DURING THE RUN", cli.StandardOutput);
        Assert.Contains("probe.down       balancer/web", cli.StandardOutput);
        Assert.Contains("RESPONSES BY BACKEND", cli.StandardOutput);
        var html = await File.ReadAllTextAsync(Path.Combine(_dir, "run.html"));
        Assert.Contains("class=\"event-marker\"", html);
    }

    [Fact]
    public async Task Without_a_URL_the_stack_balancer_frontend_is_loaded_and_an_unknown_stack_is_refused()
    {
        await using var unknown = await FlotillaCli.RunAsync(["loadtest", "--stack", "nope", "--endpoint", _daemon.UnixEndpoint, "-d", "1s"]);
        var line = FlotillaCli.AssertOneErrorLine(unknown, 2);
        Assert.Contains("no stack 'nope'", line);

        // website's balancer serves 127.0.0.1:80, which nothing here listens on: the run is made, and refused.
        await using var derived = await FlotillaCli.RunAsync(["loadtest", "--stack", "website", "--endpoint", _daemon.UnixEndpoint, "-d", "1s", "-q"]);
        Assert.True(derived.ExitCode == 0, derived.Output);
        Assert.Contains("target: http://127.0.0.1:80/", derived.StandardOutput);
    }
}
