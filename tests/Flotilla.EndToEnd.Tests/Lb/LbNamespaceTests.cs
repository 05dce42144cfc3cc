using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Flotilla.Testing;
using Flotilla.Testing.Netns;

namespace Flotilla.EndToEnd.Tests.Lb;

/// <summary>
/// The real flotilla-lb reaching a server that only exists inside a network namespace, as a VM
/// on a Flotilla network does: the host has no route there (the suite's blackhole holds
/// 10.77.0.0/16), so every byte that arrives went through the namespace.
/// </summary>
public sealed class LbNamespaceTests : IDisposable
{
    private const string Vm = "10.77.240.10";
    private const int VmPort = 8080;
    private readonly BlackholeRoute _blackhole = new();
    private readonly TestNamespace _network = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-lb-netns-").FullName;
    private readonly int _admin = FreePort.Tcp();
    private readonly int _frontend = FreePort.Tcp();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public LbNamespaceTests() => _network.Exec($"ip addr add {Vm}/32 dev lo");

    private string ConfigPath => Path.Combine(_dir, "lb.yaml");

    private string Config(string @namespace) => $$"""
        admin: { address: 127.0.0.1, port: {{_admin}} }
        balancers:
          - name: web
            frontendAddress: 127.0.0.1
            backendPools:
              - name: vms
                namespace: {{@namespace}}
                members: [ { address: {{Vm}}, port: {{VmPort}} } ]
            probes: [ { name: p, protocol: http, path: /, intervalSeconds: 1, timeoutSeconds: 1, unhealthyThreshold: 2 } ]
            rules:
              - { name: http, protocol: tcp, frontendPort: {{_frontend}}, backendPool: vms, probe: p }
        """;

    [Theory]
    [InlineData("epoll")]
    [InlineData("sockets")]
    public async Task Requests_reach_a_server_inside_the_namespace_and_the_probe_follows_it(string engine)
    {
        var httpd = await NamespacedHttpd.StartAsync(_network.Name, Vm, VmPort);
        try
        {
            await File.WriteAllTextAsync(ConfigPath, Config(_network.Name));
            await using var lb = LbProcess.Start(new Dictionary<string, string> { ["FLOTILLA_LB_TCP_ENGINE"] = engine }, "--config", ConfigPath);
            await lb.WaitForHealthyAsync(_admin);
            await Wait.UntilAsync(() => Member().Health == "healthy", TimeSpan.FromSeconds(5), "member in the namespace healthy");
            Assert.Equal(_network.Name, Member().Namespace);

            for (var i = 0; i < 20; i++)
            {
                Assert.Equal(NamespacedHttpd.Body, await Http.GetFreshAsync(_frontend));
            }

            await AssertUnreachableFromHostAsync();
            var outside = ThreadsOutsideHostNamespace(lb.Pid);
            Assert.Equal("flotilla-netns", Assert.Single(outside));

            await httpd.DisposeAsync();
            await Wait.UntilAsync(() => Member().Health == "unhealthy", TimeSpan.FromSeconds((1 * 2) + 1 + 1), "stopped server marked down");
            Assert.StartsWith("http: ", Member().LastProbeFailure, StringComparison.Ordinal);
        }
        finally
        {
            await httpd.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_missing_namespace_stops_the_start_with_one_clear_line()
    {
        await File.WriteAllTextAsync(ConfigPath, Config("fltest-no-such-network"));
        foreach (var args in new[] { new[] { "--config", ConfigPath }, ["--check", "--config", ConfigPath] })
        {
            var (exit, output) = await LbProcess.RunAsync(args);
            Assert.Equal(2, exit);
            Assert.Equal($"flotilla-lb: {ConfigPath}:7:20: balancers[0].backendPools[0].namespace: network namespace 'fltest-no-such-network' does not exist (no /run/netns/fltest-no-such-network; see ip netns list)", Assert.Single(output.Split('\n')));
        }
    }

    [Fact]
    public async Task A_reload_naming_a_missing_namespace_is_rejected_while_the_old_config_serves()
    {
        await using var httpd = await NamespacedHttpd.StartAsync(_network.Name, Vm, VmPort);
        await File.WriteAllTextAsync(ConfigPath, Config(_network.Name));
        await using var lb = LbProcess.Start("--config", ConfigPath);
        await lb.WaitForHealthyAsync(_admin);
        await Wait.UntilAsync(() => Member().Health == "healthy", TimeSpan.FromSeconds(5), "member in the namespace healthy");

        await File.WriteAllTextAsync(ConfigPath, Config("fltest-no-such-network"));
        await Wait.UntilAsync(() => lb.Output.Contains("Reload rejected", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "rejection logged");
        Assert.Contains("balancers[0].backendPools[0].namespace: network namespace 'fltest-no-such-network' does not exist", lb.Output, StringComparison.Ordinal);
        Assert.Equal(NamespacedHttpd.Body, await Http.GetFreshAsync(_frontend));
        Assert.Equal(_network.Name, Member().Namespace);
    }

    private (string Health, string? Namespace, string? LastProbeFailure) Member()
    {
        using var status = JsonDocument.Parse(_http.GetStringAsync($"http://127.0.0.1:{_admin}/status").GetAwaiter().GetResult());
        var member = status.RootElement.GetProperty("rules")[0].GetProperty("members")[0];
        return (member.GetProperty("health").GetString()!, member.GetProperty("namespace").GetString(), member.GetProperty("lastProbeFailure").GetString());
    }

    /// <summary>The blackhole answers a connect from the host, never the server.</summary>
    private static async Task AssertUnreachableFromHostAsync()
    {
        using var host = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAnyAsync<SocketException>(async () => await host.ConnectAsync(new IPEndPoint(IPAddress.Parse(Vm), VmPort), deadline.Token));
    }

    /// <summary>Names of the balancer's threads whose network namespace is not its main thread's.</summary>
    private static List<string> ThreadsOutsideHostNamespace(int pid)
    {
        var host = new FileInfo($"/proc/{pid}/ns/net").LinkTarget;
        var outside = new List<string>();
        foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
        {
            try
            {
                if (new FileInfo(Path.Combine(task, "ns", "net")).LinkTarget != host)
                {
                    outside.Add(File.ReadAllText(Path.Combine(task, "comm")).Trim());
                }
            }
            catch (IOException)
            {
                // The thread exited while we looked.
            }
        }

        return outside;
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
        _network.Dispose();
        _blackhole.Dispose();
    }
}
