using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Flotilla.EndToEnd.Tests.Vms;
using Flotilla.Testing;
using Flotilla.Testing.Netns;

namespace Flotilla.EndToEnd.Tests.Stacks;

/// <summary>
/// <c>flotilla plan|apply|destroy</c> through the real CLI, daemon, guests and supervised flotilla-lb: a small version
/// of seed 000's website (two VMs, at most two guests up) on the suite's own addresses.
/// </summary>
[Collection(VmCollection.Name)]
public sealed class StackApplyTests(DaemonFixture daemon)
{
    private static string Stack(int count, int port) => $$"""
        name: e2e-site
        securityGroups:
          - name: st-nsg
            rules:
              - { name: allow-http, priority: 100, direction: inbound, access: allow, protocol: tcp, destinationPortRange: 80 }
        networks:
          - { name: st-net, cidr: 10.77.30.0/24, mode: nat, securityGroup: st-nsg }
        vms:
          - name: st
            count: {{count}}
            template: tiny-web
            memory: 128
            networks: [st-net]
            userData: |
              #!/bin/sh
              mkdir -p /data/www /data/cloud/scripts/per-boot
              echo "Hello from VM ${index}" > /data/www/index.html
              printf '#!/bin/sh\nhttpd -p 80 -h /data/www\n' > /data/cloud/scripts/per-boot/web
              chmod +x /data/cloud/scripts/per-boot/web
              sync
              exec /data/cloud/scripts/per-boot/web
        loadBalancers:
          - name: st-lb
            frontendAddress: 127.0.0.1
            backendPools: [{ name: st, members: ["st[*]"] }]
            probes: [{ name: p80, protocol: tcp, port: 80, intervalSeconds: 1 }]
            rules: [{ name: http, protocol: tcp, frontendPort: {{port}}, backendPort: 80, backendPool: st, probe: p80 }]
        outputs:
          url: http://${loadBalancers.st-lb.frontend}:${loadBalancers.st-lb.rules.http.frontendPort}/
        """;

    [Fact]
    public async Task Apply_builds_scales_survives_a_crash_a_daemon_restart_and_a_lost_namespace_drains_on_scale_down_and_destroy_leaves_nothing()
    {
        var port = FreePort.Tcp();
        var file = Path.Combine(daemon.Dir, "site.yaml");
        var linksBefore = HostLinks();
        await File.WriteAllTextAsync(file, Stack(1, port));
        try
        {
            await using (var plan = await daemon.CliAsync("plan", "-f", file))
            {
                Assert.True(plan.ExitCode == 0, plan.Output);
                Assert.Contains("Plan: 4 to add, 0 to change, 0 to destroy.", plan.StandardOutput);
            }
            await using (var apply = await daemon.CliAsync("apply", "-f", file))
            {
                Assert.True(apply.ExitCode == 0, apply.Output);
                Assert.Contains($"url = http://127.0.0.1:{port}/", apply.StandardOutput);
            }

            // Scaling up adds the VM and puts it in the pool.
            await File.WriteAllTextAsync(file, Stack(2, port));
            await using (var up = await daemon.CliAsync("apply", "-f", file))
            {
                Assert.True(up.ExitCode == 0, up.Output);
                Assert.Contains("+ vm st-1", up.StandardOutput);
                Assert.Contains("stack e2e-site: ready", up.StandardOutput);
            }
            await WaitReadyAsync();
            var seen = await SpreadAsync(port, 60);
            Assert.True(seen.GetValueOrDefault("Hello from VM 0") >= 15 && seen.GetValueOrDefault("Hello from VM 1") >= 15, string.Join(", ", seen));
            Assert.Equal(0, seen.GetValueOrDefault(""));

            await using (var again = await daemon.CliAsync("apply", "-f", file))
            {
                Assert.True(again.ExitCode == 0, again.Output);
                Assert.Equal("No changes.", again.StandardOutput.Split('\n')[0]);
                Assert.DoesNotContain("stack e2e-site:", again.StandardOutput);
            }

            // A killed guest: its probe takes it out (no request fails once interval × threshold and a probe timeout
            // have passed), the stack says why it is not ready, and the restart policy brings it back into rotation.
            var pid = (await daemon.GetVmAsync("st-1"))["status"]!["pid"]!.GetValue<int>();
            await using (var load = LoadLoop.Start(port))
            {
                await Task.Delay(500);
                var killed = DateTimeOffset.UtcNow;
                System.Diagnostics.Process.GetProcessById(pid).Kill();
                // Crashed for the second of its back-off, then, as the guest boots slower than the probe counts, out of
                // rotation: ready again only once it serves.
                await Wait.UntilAsync(async () => await NotReadyReasonAsync() == "ProbeDown", TimeSpan.FromSeconds(30), "the probe taking the killed VM out");
                await WaitReadyAsync();
                var back = DateTimeOffset.UtcNow;
                await Task.Delay(2000);
                var results = await load.StopAsync();
                var settled = killed + TimeSpan.FromSeconds(1 * 2 + 5 + 1);
                Assert.Empty(results.Where(r => r.Started > settled && !r.Ok).Select(r => r.Started));
                if (!results.Any(r => r.Started > back && r.Body.Contains("VM 1", StringComparison.Ordinal)))
                {
                    await using var lb = await daemon.CliAsync("lb", "show", "st-lb");
                    await using var show = await daemon.CliAsync("stack", "show", "e2e-site");
                    Assert.Fail($"VM 1 not answering after the stack was ready again: {string.Join(", ", results.Where(r => r.Started > back).Select(r => r.Body))}\n{show.Output}\n{lb.Output}");
                }
            }
            Assert.NotEqual(pid, (await daemon.GetVmAsync("st-1"))["status"]!["pid"]!.GetValue<int>());

            // A daemon restart under load: flotilla-lb outlives it and is adopted; not one request fails.
            await using (var load = LoadLoop.Start(port))
            {
                await Task.Delay(500);
                await daemon.RestartAsync();
                await Task.Delay(1500);
                var results = await load.StopAsync();
                Assert.True(results.Count > 10, $"{results.Count} requests");
                Assert.Empty(results.Where(r => !r.Ok).Select(r => r.Started));
            }

            // The network's namespace deleted under the stack: rebuilt, its VMs restarted onto it, serving again.
            var ns = Sh.Run("ip netns list").Split('\n').Select(l => l.Split(' ')[0]).Single(n => n.EndsWith("-st-net", StringComparison.Ordinal));
            var pids = await PidsAsync();
            Sh.Run($"ip netns del {ns}");
            await Wait.UntilAsync(async () => (await PidsAsync()).Intersect(pids).Any() is false, TimeSpan.FromSeconds(30), "both VMs restarted onto the rebuilt namespace");
            await WaitReadyAsync();
            seen = await SpreadAsync(port, 30);
            Assert.True(seen.GetValueOrDefault("Hello from VM 0") >= 5 && seen.GetValueOrDefault("Hello from VM 1") >= 5, string.Join(", ", seen));

            // Scaling down: the VM leaves the balancer before it stops, so no request fails.
            await File.WriteAllTextAsync(file, Stack(1, port));
            await using (var plan = await daemon.CliAsync("plan", "-f", file))
            {
                Assert.Contains("- vm st-1", plan.StandardOutput);
                Assert.Contains("drain st-1", plan.StandardOutput);
            }
            await using (var load = LoadLoop.Start(port))
            {
                await using (var down = await daemon.CliAsync("apply", "-f", file))
                {
                    Assert.True(down.ExitCode == 0, down.Output);
                }
                var results = await load.StopAsync();
                Assert.Empty(results.Where(r => !r.Ok).Select(r => r.Started));
            }
            Assert.Equal([("Hello from VM 0", 20)], (await SpreadAsync(port, 20)).Select(kv => (kv.Key, kv.Value)));
            Assert.Null((await daemon.Http.GetFromJsonAsync<JsonArray>("/v1/vms"))!.FirstOrDefault(v => v!["name"]!.GetValue<string>() == "st-1"));

            // A bad file is refused here, with its line, and nothing changes.
            var bad = Path.Combine(daemon.Dir, "bad.yaml");
            await File.WriteAllTextAsync(bad, Stack(1, port).Replace("networks: [st-net]", "networks: [nowhere]", StringComparison.Ordinal));
            await using (var refused = await daemon.CliAsync("apply", "-f", bad))
            {
                Assert.Equal(2, refused.ExitCode);
                Assert.Contains("bad.yaml:", refused.StandardError);
                Assert.Contains("nowhere", refused.StandardError);
            }
        }
        finally
        {
            await using var destroy = await daemon.CliAsync("destroy", "-f", file);
            Assert.True(destroy.ExitCode == 0, destroy.Output);
        }
        Assert.DoesNotContain((await daemon.Http.GetFromJsonAsync<JsonArray>("/v1/vms"))!, v => v!["name"]!.GetValue<string>().StartsWith("st-", StringComparison.Ordinal));
        Assert.Empty((await daemon.Http.GetFromJsonAsync<JsonArray>("/v1/balancers"))!);
        Assert.Empty((await daemon.Http.GetFromJsonAsync<JsonArray>("/v1/stacks"))!);
        Assert.DoesNotContain("st-net", Sh.Run("ip netns list"));
        Assert.Equal(linksBefore, HostLinks());
        Assert.Empty(Directory.EnumerateFileSystemEntries(daemon.Dir, "st-*", SearchOption.AllDirectories));
        await Wait.UntilAsync(() => !Sh.Run("pgrep -af flotilla-lb", check: false).Contains(daemon.Dir, StringComparison.Ordinal), TimeSpan.FromSeconds(10), "flotilla-lb gone with the last balancer");
        Assert.Equal("", await GetAsync(port));
    }

    private async Task WaitReadyAsync()
    {
        string? last = null;
        try
        {
            await Wait.UntilAsync(async () => (last = await NotReadyReasonAsync(message: true)) is null, TimeSpan.FromSeconds(90), "the stack ready");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"the stack not ready within 90 s: {last}");
        }
        await using var show = await daemon.CliAsync("stack", "show", "e2e-site");
        Assert.True(show.ExitCode == 0, show.Output);
        Assert.Contains("InRotation", show.StandardOutput);
    }

    /// <summary>Null when <c>flotilla stack show</c> says ready (exit 0); its reason (and message) when not (exit 3).</summary>
    private async Task<string?> NotReadyReasonAsync(bool message = false)
    {
        await using var show = await daemon.CliAsync("stack", "show", "e2e-site", "-o", "json");
        if (show.ExitCode == 0) return null;
        Assert.True(show.ExitCode == 3, show.Output);
        var status = JsonNode.Parse(show.StandardOutput)!;
        return status["reason"]!.GetValue<string>() + (message ? $": {status["message"]}" : "");
    }

    private async Task<int[]> PidsAsync() =>
        [.. await Task.WhenAll(new[] { "st-0", "st-1" }.Select(async vm => (await daemon.GetVmAsync(vm))["status"]!["pid"]?.GetValue<int>() ?? 0))];

    /// <summary>The host's links (the stack's uplinks and taps must go with it).</summary>
    private static string HostLinks() => Sh.Run("ip -o link show | cut -d: -f2 | cut -d@ -f1 | sort");

    /// <summary>Fresh connections through the frontend, counted by body ("" for a failure).</summary>
    private static async Task<Dictionary<string, int>> SpreadAsync(int port, int requests)
    {
        await Wait.UntilAsync(async () => (await GetAsync(port)).StartsWith("Hello", StringComparison.Ordinal), TimeSpan.FromSeconds(90), "the frontend answering");
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < requests; i++)
        {
            var body = (await GetAsync(port)).Trim();
            seen[body] = seen.GetValueOrDefault(body) + 1;
        }
        return seen;
    }

    private static async Task<string> GetAsync(int port)
    {
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/");
            request.Headers.ConnectionClose = true;
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Net.Sockets.SocketException)
        {
            return "";
        }
    }
}
