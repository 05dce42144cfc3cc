using System.Diagnostics;
using System.Text.Json;
using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Lb;

/// <summary>The real flotilla-lb process serving, observed and reloaded the way an operator would.</summary>
public sealed class LbServingTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-lb-e2e-").FullName;
    private readonly HelloServer[] _servers = [HelloServer.Start(0), HelloServer.Start(1), HelloServer.Start(2)];
    private readonly int _admin = FreePort.Tcp();
    private readonly int _frontend = FreePort.Tcp();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private string ConfigPath => Path.Combine(_dir, "lb.yaml");

    private string Config(int members, string probe = "{ name: p, protocol: tcp, intervalSeconds: 1 }") => $$"""
        admin: { address: 127.0.0.1, port: {{_admin}} }
        balancers:
          - name: web
            frontendAddress: 127.0.0.1
            backendPools:
              - name: vms
                members: [ {{string.Join(", ", _servers.Take(members).Select(s => $"{{ address: 127.0.0.1, port: {s.Port} }}"))}} ]
            probes: [ {{probe}} ]
            rules:
              - { name: http, protocol: tcp, frontendPort: {{_frontend}}, backendPool: vms, probe: p }
        """;

    public Task InitializeAsync()
    {
        File.WriteAllText(ConfigPath, Config(3));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Admin_api_reports_status_metrics_and_explains_a_tuple()
    {
        await using var lb = LbProcess.Start("--config", ConfigPath);
        await lb.WaitForHealthyAsync(_admin);
        for (var i = 0; i < 30; i++)
        {
            await Http.GetFreshAsync(_frontend);
        }

        using var status = JsonDocument.Parse(await _http.GetStringAsync($"http://127.0.0.1:{_admin}/status"));
        var rule = status.RootElement.GetProperty("rules")[0];
        Assert.Equal("http", rule.GetProperty("name").GetString());
        var members = rule.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(3, members.Count);
        Assert.Equal(30, members.Sum(m => m.GetProperty("flowsTotal").GetInt64()));
        Assert.All(members, m => Assert.Equal("healthy", m.GetProperty("health").GetString()));
        Assert.All(members, m => Assert.True(m.GetProperty("bytesOut").GetInt64() > 0));

        var metrics = await _http.GetStringAsync($"http://127.0.0.1:{_admin}/metrics");
        Assert.Contains($"flotilla_lb_flows_total{{balancer=\"web\",member=\"127.0.0.1:{_servers[0].Port}\",rule=\"http\"}}", metrics, StringComparison.Ordinal);
        Assert.Contains("flotilla_lb_member_healthy{", metrics, StringComparison.Ordinal);
        Assert.Contains("flotilla_lb_probe_latency_seconds{", metrics, StringComparison.Ordinal);

        var (exit, output) = await LbProcess.RunAsync("explain", "--config", ConfigPath, "--rule", "http", "--src", "192.0.2.7:51234");
        Assert.Equal(0, exit);
        Assert.Matches($@"^web/http: tcp 192\.0\.2\.7:51234 -> 127\.0\.0\.1:{_frontend} \| Default hashes \(src-ip, dst-ip, protocol, src-port, dst-port\) = 0x[0-9a-f]{{16}} -> slot \d+/65537 -> 127\.0\.0\.1:\d+ \(healthy\); no live flow pins it$", output);
    }

    [Fact]
    public async Task A_changed_file_reloads_and_an_invalid_one_is_rejected_while_the_old_keeps_serving()
    {
        await using var lb = LbProcess.Start("--config", ConfigPath);
        await lb.WaitForHealthyAsync(_admin);

        await File.WriteAllTextAsync(ConfigPath, Config(1));
        await Wait.UntilAsync(() => MemberCount() == 1, TimeSpan.FromSeconds(10), "reload to one member");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("Hello from VM 0\n", await Http.GetFreshAsync(_frontend));
        }

        await File.WriteAllTextAsync(ConfigPath, Config(3).Replace("backendPool: vms", "backendPool: vmz", StringComparison.Ordinal));
        await Wait.UntilAsync(() => lb.Output.Contains("Reload rejected", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "rejection logged");
        Assert.Contains("unknown pool 'vmz'", lb.Output, StringComparison.Ordinal);
        Assert.Equal("Hello from VM 0\n", await Http.GetFreshAsync(_frontend));

        // SIGHUP re-reads the file even when unchanged since the last look.
        await File.WriteAllTextAsync(ConfigPath, Config(2));
        lb.Signal("HUP");
        await Wait.UntilAsync(() => MemberCount() == 2, TimeSpan.FromSeconds(10), "reload to two members");
    }

    [Fact]
    public async Task Reloads_under_load_fail_no_request()
    {
        if (!File.Exists("/usr/bin/wrk"))
        {
            throw new InvalidOperationException("wrk is missing: scripts/setup installs it");
        }

        await using var lb = LbProcess.Start("--config", ConfigPath);
        await lb.WaitForHealthyAsync(_admin);
        var wrk = Process.Start(new ProcessStartInfo("wrk", ["-t1", "-c16", "-d6s", $"http://127.0.0.1:{_frontend}/"]) { RedirectStandardOutput = true })!;
        var reloads = 0;
        var clock = Stopwatch.StartNew();
        while (!wrk.HasExited && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            // Alternate 2 and 3 members: removals drain, additions join, flows stay where they are.
            await File.WriteAllTextAsync(ConfigPath, Config(2 + (reloads % 2)));
            var want = 2 + (reloads % 2);
            await Wait.UntilAsync(() => MemberCount() == want, TimeSpan.FromSeconds(5), $"reload {reloads}");
            reloads++;
        }

        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        Assert.True(reloads >= 3, $"only {reloads} reloads");
        Assert.Matches(@"\d+ requests in", output);
        Assert.DoesNotContain("Socket errors", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Non-2xx", output, StringComparison.Ordinal);
    }

    private int MemberCount()
    {
        using var status = JsonDocument.Parse(_http.GetStringAsync($"http://127.0.0.1:{_admin}/status").GetAwaiter().GetResult());
        return status.RootElement.GetProperty("rules")[0].GetProperty("members").EnumerateArray().Count(m => m.GetProperty("health").GetString() != "draining");
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
