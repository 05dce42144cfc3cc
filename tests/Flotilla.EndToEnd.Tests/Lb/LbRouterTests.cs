using System.Text.Json;
using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Lb;

/// <summary>The real flotilla-lb process with an application request router: seed 002's three-tier pattern, observed and reloaded from the file.</summary>
public sealed class LbRouterTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-lb-router-e2e-").FullName;
    private readonly HelloServer[] _servers = [HelloServer.Start(0), HelloServer.Start(1)];
    private readonly int _admin = FreePort.Tcp();
    private readonly int _port = FreePort.Tcp();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private string ConfigPath => Path.Combine(_dir, "lb.yaml");

    private string Config(int members, string farm = "app") => $$"""
        admin: { address: 127.0.0.1, port: {{_admin}} }
        routers:
          - name: front
            listeners: [ { address: 127.0.0.1, port: {{_port}} } ]
            affinityStore: affinity.sqlite   # beside lb.yaml, removed with the folder (not /run/flotilla-lb)
            rules:
              - { name: static, match: { path: { prefix: /static } }, static: static }
              - { name: dynamic, forward: {{farm}} }
            farms:
              - name: app
                members: [ {{string.Join(", ", _servers.Take(members).Select(s => $"{{ address: 127.0.0.1, port: {s.Port} }}"))}} ]
        """;

    public Task InitializeAsync()
    {
        // 0755: the router reads it as a web server would, not as mkdtemp's 0700 owner.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_dir, (UnixFileMode)0b111_101_101);
        }

        Directory.CreateDirectory(Path.Combine(_dir, "static"));
        File.WriteAllText(Path.Combine(_dir, "static", "site.css"), "body {}");
        File.WriteAllText(ConfigPath, Config(2));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_router_serves_static_and_dynamic_tiers_reports_them_and_reloads_from_the_file()
    {
        await using var lb = LbProcess.Start("--config", ConfigPath);
        await lb.WaitForHealthyAsync(_admin);
        Assert.Equal("body {}", await _http.GetStringAsync($"http://127.0.0.1:{_port}/static/site.css"));
        var bodies = new HashSet<string>();
        for (var i = 0; i < 10; i++)
        {
            bodies.Add(await _http.GetStringAsync($"http://127.0.0.1:{_port}/orders"));
        }

        Assert.Equal(["Hello from VM 0\n", "Hello from VM 1\n"], bodies.Order());

        using (var status = JsonDocument.Parse(await _http.GetStringAsync($"http://127.0.0.1:{_admin}/status")))
        {
            var router = status.RootElement.GetProperty("routers")[0];
            Assert.Equal($"http://127.0.0.1:{_port}", router.GetProperty("listeners")[0].GetString());
            Assert.Equal(2, router.GetProperty("farms")[0].GetProperty("members").GetArrayLength());
        }

        var metrics = await _http.GetStringAsync($"http://127.0.0.1:{_admin}/metrics");
        Assert.Contains($"flotilla_lb_router_requests_total{{code=\"2xx\",farm=\"app\",router=\"front\",rule=\"dynamic\",server=\"127.0.0.1:{_servers[0].Port}\"}}", metrics, StringComparison.Ordinal);
        Assert.Contains("flotilla_lb_router_request_duration_seconds_bucket{code=\"2xx\",farm=\"\",router=\"front\",rule=\"static\",server=\"router\"", metrics, StringComparison.Ordinal);

        await File.WriteAllTextAsync(ConfigPath, Config(1));
        await Wait.UntilAsync(() => lb.Output.Contains("1 routers live", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "reload logged");
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal("Hello from VM 0\n", await _http.GetStringAsync($"http://127.0.0.1:{_port}/orders"));
        }

        await File.WriteAllTextAsync(ConfigPath, Config(2, farm: "ap"));
        // The watcher may first see the file truncated mid-write and reject that too: wait for this rejection.
        const string Rejection = "Reload rejected, the previous config keeps serving: ";
        await Wait.UntilAsync(() => lb.Output.Contains(Rejection, StringComparison.Ordinal) && lb.Output.Contains("unknown farm", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "rejection logged");
        Assert.Contains("routers[0].rules[1].forward: unknown farm 'ap' (known: app)", lb.Output, StringComparison.Ordinal);
        Assert.Equal("Hello from VM 0\n", await _http.GetStringAsync($"http://127.0.0.1:{_port}/orders"));
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
