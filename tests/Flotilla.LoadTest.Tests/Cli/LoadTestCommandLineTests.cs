using System.Text.Json;
using Flotilla.LoadTest.Tests.Support;
using Flotilla.Testing;

namespace Flotilla.LoadTest.Tests.Cli;

/// <summary>The real <c>bin/flotilla loadtest</c>, as a user runs it.</summary>
public sealed class LoadTestCommandLineTests : IAsyncLifetime
{
    private TestWebServer _server = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-loadtest-").FullName;

    public async Task InitializeAsync() => _server = await TestWebServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("malformed URL", "loadtest", "not-a-url")]
    [InlineData("huge", "loadtest", "http://127.0.0.1:9/", "--profile", "huge")]
    [InlineData("--duration", "loadtest", "http://127.0.0.1:9/", "--duration", "soon")]
    [InlineData("--vus", "loadtest", "http://127.0.0.1:9/", "--vus", "0")]
    [InlineData("--rate", "loadtest", "http://127.0.0.1:9/", "--rate", "fast")]
    [InlineData("--ramp", "loadtest", "http://127.0.0.1:9/", "--ramp", "10s")]
    [InlineData("does not exist", "loadtest", "http://127.0.0.1:9/", "--out", "/nonexistent-dir/r.json")]
    [InlineData("give a URL", "loadtest")]
    [InlineData("nothing.json", "loadtest", "compare", "/tmp/nothing.json")]
    public async Task Bad_input_gets_one_line_and_exit_code_2(string mentions, params string[] args)
    {
        await using var cli = await LauncherProcess.RunAsync("flotilla", args);
        Assert.Equal(2, cli.ExitCode);
        var line = Assert.Single(cli.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("flotilla: ", line);
        Assert.Contains(mentions, line);
        Assert.Equal("", cli.StandardOutput.Trim());
    }

    [Fact]
    public async Task A_run_prints_the_k6_summary_and_writes_every_figure_as_json()
    {
        var json = Path.Combine(_dir, "smoke.json");
        await using var cli = await LauncherProcess.RunAsync("flotilla",
            ["loadtest", _server.Url + "/vm", "--vus", "3", "--duration", "2s", "--expect-status", "200", "--expect-body", "Hello from VM", "--out", json]);
        Assert.True(cli.ExitCode == 0, cli.Output);
        var summary = cli.StandardOutput;
        foreach (var expected in new[] { "✓ status is 200", "✓ body contains 'Hello from VM'", "http_req_duration", "p(99)=", "http_req_failed", "http_reqs", "iterations", "vus_max", "data_received", "data_sent", "RESPONSES BY BODY", "\"Hello from VM 2\"" })
        {
            Assert.Contains(expected, summary);
        }

        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = doc.RootElement;
        var metrics = root.GetProperty("metrics");
        foreach (var key in new[] { "avg", "min", "med", "max", "p90", "p95", "p99" })
        {
            Assert.True(metrics.GetProperty("http_req_duration").GetProperty(key).GetDouble() > 0, key);
        }
        var requests = metrics.GetProperty("http_reqs").GetProperty("count").GetInt64();
        Assert.True(requests > 0);
        Assert.True(metrics.GetProperty("http_reqs").GetProperty("rate").GetDouble() > 0);
        Assert.Equal(0, metrics.GetProperty("http_req_failed").GetProperty("rate").GetDouble());
        Assert.Equal(requests, metrics.GetProperty("iterations").GetProperty("count").GetInt64());
        Assert.Equal(3, metrics.GetProperty("vus_max").GetProperty("value").GetInt64());
        Assert.Equal(1.0, metrics.GetProperty("checks").GetProperty("rate").GetDouble());
        Assert.Equal(3, root.GetProperty("bodies").GetArrayLength());
        Assert.Equal("closed", root.GetProperty("run").GetProperty("model").GetString());
        Assert.InRange(root.GetProperty("timeline").GetArrayLength(), 2, 4);
        Assert.Equal(requests, root.GetProperty("latency_histogram").EnumerateArray().Sum(b => b.GetProperty("count").GetInt64()));
    }

    [Fact]
    public async Task Compare_prints_the_seed_table_one_column_per_run()
    {
        var a = Path.Combine(_dir, "a.json");
        var b = Path.Combine(_dir, "b.json");
        await using (var run = await LauncherProcess.RunAsync("flotilla", ["loadtest", _server.Url + "/hello", "--vus", "1", "--duration", "1s", "--out", a, "-q"])) Assert.Equal(0, run.ExitCode);
        await using (var run = await LauncherProcess.RunAsync("flotilla", ["loadtest", _server.Url + "/status/500", "--rate", "50", "--vus", "5", "--duration", "1s", "--out", b, "-q"])) Assert.Equal(0, run.ExitCode);

        await using var cli = await LauncherProcess.RunAsync("flotilla", ["loadtest", "compare", a, b]);
        Assert.Equal(0, cli.ExitCode);
        var lines = cli.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("1 VUs / 1s", lines[0]);
        Assert.Contains("50/s / 1s", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("| RPS"));
        Assert.Contains(lines, l => l.StartsWith("| Success rate") && l.Contains("100.00%") && l.Contains("0.00%"));
    }

    [Fact]
    public async Task Ctrl_c_stops_the_run_and_still_prints_the_summary()
    {
        var json = Path.Combine(_dir, "interrupted.json");
        await using var cli = LauncherProcess.Start("flotilla", ["loadtest", _server.Url + "/hello", "--vus", "2", "--duration", "10m", "--out", json]);
        await Wait.UntilAsync(() => _server.Requests >= 100 || cli.HasExited, TimeSpan.FromSeconds(60), "requests flowing");
        cli.Signal("INT");
        await cli.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(130, cli.ExitCode);
        Assert.Contains("TOTAL RESULTS (interrupted", cli.StandardOutput);
        Assert.Contains("http_reqs", cli.StandardOutput);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.True(doc.RootElement.GetProperty("run").GetProperty("interrupted").GetBoolean());
        Assert.True(doc.RootElement.GetProperty("metrics").GetProperty("http_reqs").GetProperty("count").GetInt64() >= 100);
    }

    [Theory]
    [InlineData("p(95)<60000", 0)]
    [InlineData("p(95)<0.001", 99)]
    public async Task A_script_threshold_decides_the_exit_code(string threshold, int expected)
    {
        var script = Path.Combine(_dir, "thresholds.js");
        await File.WriteAllTextAsync(script, $$"""
            import http from 'k6/http';
            export const options = { vus: 2, iterations: 20, thresholds: { http_req_duration: ['{{threshold}}'] } };
            export default function () { http.get(__ENV.TARGET); }
            """);
        await using var cli = await LauncherProcess.RunAsync("flotilla", ["loadtest", "run", script, "-e", $"TARGET={_server.Url}/hello", "-q"]);
        Assert.True(cli.ExitCode == expected, cli.Output);
        Assert.Contains(expected == 0 ? "✓ http_req_duration" : "✗ http_req_duration", cli.StandardOutput);
        Assert.Equal(20, _server.Requests);
    }

    [Fact]
    public async Task A_k6_module_outside_the_subset_is_refused_in_one_line()
    {
        var script = Path.Combine(_dir, "ws.js");
        await File.WriteAllTextAsync(script, "import http from 'k6/http';\nimport ws from 'k6/ws';\nexport default function () {}\n");
        await using var cli = await LauncherProcess.RunAsync("flotilla", ["loadtest", "run", script]);
        Assert.Equal(2, cli.ExitCode);
        var line = Assert.Single(cli.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"flotilla: {script}:2:1: k6 module 'k6/ws' is not supported by flotilla loadtest (supported: k6, k6/http)", line);
    }
}
