using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Lb;

/// <summary>The real flotilla-lb with a frontend port another program holds: it serves the rest, reports it, and binds it once free.</summary>
public sealed class LbListenerRetryTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-lb-retry-").FullName;
    private readonly HelloServer _server = HelloServer.Start(0);
    private readonly int _admin = FreePort.Tcp();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Socket _squatter = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private int _held;

    private string ConfigPath => Path.Combine(_dir, "lb.yaml");

    public Task InitializeAsync()
    {
        _squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _squatter.Listen();
        _held = ((IPEndPoint)_squatter.LocalEndPoint!).Port;
        File.WriteAllText(ConfigPath, $$"""
            admin: { address: 127.0.0.1, port: {{_admin}} }
            balancers:
              - name: web
                frontendAddress: 127.0.0.1
                backendPools:
                  - name: vms
                    members: [ { address: 127.0.0.1, port: {{_server.Port}} } ]
                rules:
                  - { name: http, protocol: tcp, frontendPort: {{_held}}, backendPool: vms }
            """);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_port_held_at_start_is_reported_not_live_and_binds_once_free()
    {
        await using var lb = LbProcess.Start("--config", ConfigPath);
        await lb.WaitForHealthyAsync(_admin);

        // The admin API answers before the config is applied and the warning written: wait for it.
        var warning = $"flotilla-lb: {ConfigPath}: warning: rule web/http: cannot listen on tcp 127.0.0.1:{_held}: address already in use; the rest is serving, retrying until it is free";
        await Wait.UntilAsync(() => lb.Output.Contains("warning: rule web/http", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the bind warning written");
        Assert.Contains(warning, lb.Output, StringComparison.Ordinal);
        using (var status = await StatusAsync())
        {
            var listener = status.RootElement.GetProperty("listeners")[0];
            Assert.Equal($"tcp 127.0.0.1:{_held}", listener.GetProperty("frontend").GetString());
            Assert.Equal("web", listener.GetProperty("balancer").GetString());
            Assert.Equal("http", listener.GetProperty("rule").GetString());
            Assert.Equal(JsonValueKind.Null, listener.GetProperty("router").ValueKind);
            Assert.False(listener.GetProperty("live").GetBoolean());
            Assert.Equal("address already in use", listener.GetProperty("error").GetString());
            Assert.True(listener.GetProperty("retries").GetInt32() >= 0);
            var rule = status.RootElement.GetProperty("rules")[0];
            Assert.False(rule.GetProperty("live").GetBoolean());
            Assert.Equal("address already in use", rule.GetProperty("bindError").GetString());
        }

        _squatter.Dispose();
        await Wait.UntilAsync(() => Live(), TimeSpan.FromSeconds(15), "the freed port bound");
        Assert.Equal("Hello from VM 0\n", await Http.GetFreshAsync(_held));
        using var after = await StatusAsync();
        Assert.Equal(JsonValueKind.Null, after.RootElement.GetProperty("rules")[0].GetProperty("bindError").ValueKind);
    }

    [Fact]
    public async Task Sighup_reapplies_an_unchanged_file_and_binds_a_freed_port_at_once()
    {
        await using var lb = LbProcess.Start("--config", ConfigPath);
        await lb.WaitForHealthyAsync(_admin);
        Assert.Equal(0, Reloads());

        lb.Signal("HUP");
        await Wait.UntilAsync(() => Reloads() == 1, TimeSpan.FromSeconds(10), "SIGHUP re-applied the unchanged file");

        // After five timed retries (0.25 + 0.5 + 1 + 2 + 4 s) the next is 5 s away: a SIGHUP
        // binds the freed port well before it.
        await Wait.UntilAsync(() => Retries() >= 6, TimeSpan.FromSeconds(30), "five timed retries and the SIGHUP's");
        _squatter.Dispose();
        lb.Signal("HUP");
        await Wait.UntilAsync(() => Live(), TimeSpan.FromSeconds(2.5), "SIGHUP bound the freed port");
        Assert.Equal(2, Reloads());
        Assert.Equal("Hello from VM 0\n", await Http.GetFreshAsync(_held));
    }

    private async Task<JsonDocument> StatusAsync() =>
        JsonDocument.Parse(await _http.GetStringAsync($"http://127.0.0.1:{_admin}/status"));

    private JsonElement Listener(JsonDocument status) => status.RootElement.GetProperty("listeners")[0];

    private bool Live()
    {
        using var status = StatusAsync().GetAwaiter().GetResult();
        return Listener(status).GetProperty("live").GetBoolean();
    }

    private int Retries()
    {
        using var status = StatusAsync().GetAwaiter().GetResult();
        return Listener(status).GetProperty("retries").GetInt32();
    }

    private long Reloads()
    {
        using var status = StatusAsync().GetAwaiter().GetResult();
        return status.RootElement.GetProperty("reloads").GetInt64();
    }

    public async Task DisposeAsync()
    {
        _squatter.Dispose();
        await _server.DisposeAsync();
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
