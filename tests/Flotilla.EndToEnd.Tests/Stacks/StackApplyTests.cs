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
    public async Task Apply_builds_the_stack_a_second_apply_changes_nothing_scaling_down_drains_and_destroy_leaves_nothing()
    {
        var port = FreePort.Tcp();
        var file = Path.Combine(daemon.Dir, "site.yaml");
        await File.WriteAllTextAsync(file, Stack(2, port));
        try
        {
            await using (var plan = await daemon.CliAsync("plan", "-f", file))
            {
                Assert.True(plan.ExitCode == 0, plan.Output);
                Assert.Contains("Plan: 5 to add, 0 to change, 0 to destroy.", plan.StandardOutput);
            }
            await using (var apply = await daemon.CliAsync("apply", "-f", file))
            {
                Assert.True(apply.ExitCode == 0, apply.Output);
                Assert.Contains($"url = http://127.0.0.1:{port}/", apply.StandardOutput);
            }
            var seen = await SpreadAsync(port, 40);
            Assert.True(seen.GetValueOrDefault("Hello from VM 0") >= 5 && seen.GetValueOrDefault("Hello from VM 1") >= 5, string.Join(", ", seen));
            Assert.Equal(0, seen.GetValueOrDefault(""));

            await using (var again = await daemon.CliAsync("apply", "-f", file))
            {
                Assert.True(again.ExitCode == 0, again.Output);
                Assert.Contains("No changes.", again.StandardOutput.Split('\n').Select(l => l.Trim()));
            }

            // Scaling down: the VM leaves the balancer before it stops, so no request fails.
            await File.WriteAllTextAsync(file, Stack(1, port));
            await using (var plan = await daemon.CliAsync("plan", "-f", file))
            {
                Assert.Contains("- vm st-1", plan.StandardOutput);
                Assert.Contains("drain st-1", plan.StandardOutput);
            }
            await using (var down = await daemon.CliAsync("apply", "-f", file))
            {
                Assert.True(down.ExitCode == 0, down.Output);
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
        Assert.DoesNotContain("st-net", Sh.Run("ip netns list"));
        Assert.Equal("", await GetAsync(port));
    }

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
