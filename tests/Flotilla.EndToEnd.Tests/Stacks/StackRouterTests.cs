using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Flotilla.EndToEnd.Tests.Vms;
using Flotilla.Testing;
using Flotilla.Testing.Netns;

namespace Flotilla.EndToEnd.Tests.Stacks;

/// <summary>
/// A router in a stack file through the real CLI, daemon, guests and supervised flotilla-lb: seed 002's web tier
/// serving <c>/static</c> from the host and forwarding the rest to a farm of two VMs (two guests up).
/// </summary>
[Collection(VmCollection.Name)]
public sealed class StackRouterTests(DaemonFixture daemon)
{
    private static string Stack(int port) => $$"""
        name: e2e-router
        networks:
          - { name: rt-net, cidr: 10.77.31.0/24, mode: nat }
        vms:
          - name: rt
            count: 2
            template: tiny-web
            memory: 128
            networks: [rt-net]
            userData: |
              #!/bin/sh
              mkdir -p /data/www /data/cloud/scripts/per-boot
              echo "Hello from ${name}" > /data/www/index.html
              printf '#!/bin/sh\nhttpd -p 80 -h /data/www\n' > /data/cloud/scripts/per-boot/web
              chmod +x /data/cloud/scripts/per-boot/web
              sync
              exec /data/cloud/scripts/per-boot/web
        routers:
          - name: rt-front
            listeners:
              - { port: {{port}} }
            rules:
              - { name: static, match: { path: { prefix: /static } }, static: router-static }
              - { name: rest, forward: app }
            farms:
              - name: app
                port: 80
                health: { active: { path: /, interval: 1, timeout: 1 } }
                members: ["rt[*]"]
        outputs:
          url: ${routers.rt-front.url}
        """;

    [Fact]
    public async Task Apply_serves_static_from_the_router_and_the_rest_from_both_vms_reapply_changes_nothing_and_destroy_leaves_nothing()
    {
        var port = FreePort.Tcp();
        var file = Path.Combine(daemon.Dir, "router.yaml");
        var statics = Path.Combine(daemon.Dir, "router-static");
        Directory.CreateDirectory(statics);
        await File.WriteAllTextAsync(Path.Combine(statics, "site.css"), "body { color: teal }\n");
        await File.WriteAllTextAsync(file, Stack(port));
        try
        {
            await using (var apply = await daemon.CliAsync("apply", "-f", file))
            {
                Assert.True(apply.ExitCode == 0, apply.Output);
                Assert.Contains("+ router rt-front", apply.StandardOutput);
                Assert.Contains($"url = http://127.0.0.1:{port}/", apply.StandardOutput);
            }

            Assert.Equal("body { color: teal }\n", await GetAsync(port, "/static/site.css"));
            var seen = new Dictionary<string, int>();
            await Wait.UntilAsync(async () =>
            {
                var body = (await GetAsync(port, "/")).Trim();
                seen[body] = seen.GetValueOrDefault(body) + 1;
                return seen.ContainsKey("Hello from rt-0") && seen.ContainsKey("Hello from rt-1");
            }, TimeSpan.FromSeconds(120), "both VMs answering through the router");
            // Once both serve, round robin without affinity alternates between them.
            seen.Clear();
            for (var i = 0; i < 20; i++)
            {
                var body = (await GetAsync(port, "/")).Trim();
                seen[body] = seen.GetValueOrDefault(body) + 1;
            }
            Assert.True(seen.GetValueOrDefault("Hello from rt-0") >= 5 && seen.GetValueOrDefault("Hello from rt-1") >= 5, string.Join(", ", seen));

            var routers = (await daemon.Http.GetFromJsonAsync<JsonArray>("/v1/routers"))!;
            Assert.Equal("rt-front", Assert.Single(routers)!["name"]!.GetValue<string>());
            await using (var list = await daemon.CliAsync("lb", "list"))
            {
                Assert.Contains($"http/127.0.0.1:{port}", list.StandardOutput);
            }

            await using (var again = await daemon.CliAsync("apply", "-f", file))
            {
                Assert.True(again.ExitCode == 0, again.Output);
                Assert.Equal("No changes.", again.StandardOutput.Split('\n')[0]);
            }

            // A rule naming no farm is refused by flotilla-lb's reader at plan time, at the stack file's line.
            var bad = Path.Combine(daemon.Dir, "router-bad.yaml");
            await File.WriteAllTextAsync(bad, Stack(port).Replace("forward: app }", "forward: ap }", StringComparison.Ordinal));
            await using (var refused = await daemon.CliAsync("plan", "-f", bad))
            {
                Assert.NotEqual(0, refused.ExitCode);
                Assert.Contains("router-bad.yaml:24:", refused.StandardError);
                Assert.Contains("routers[0].rules[1].forward", refused.StandardError);
            }
            File.Delete(bad);
        }
        finally
        {
            await using var destroy = await daemon.CliAsync("destroy", "-f", file);
            Assert.True(destroy.ExitCode == 0, destroy.Output);
            Directory.Delete(statics, recursive: true);
        }
        Assert.DoesNotContain((await daemon.Http.GetFromJsonAsync<JsonArray>("/v1/vms"))!, v => v!["name"]!.GetValue<string>().StartsWith("rt-", StringComparison.Ordinal));
        Assert.Empty((await daemon.Http.GetFromJsonAsync<JsonArray>("/v1/balancers"))!);
        Assert.Empty((await daemon.Http.GetFromJsonAsync<JsonArray>("/v1/routers"))!);
        Assert.Empty((await daemon.Http.GetFromJsonAsync<JsonArray>("/v1/stacks"))!);
        Assert.DoesNotContain("rt-net", Sh.Run("ip netns list"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(daemon.Dir, "rt-*", SearchOption.AllDirectories));
        await Wait.UntilAsync(() => !Sh.Run("pgrep -af flotilla-lb", check: false).Contains(daemon.Dir, StringComparison.Ordinal), TimeSpan.FromSeconds(10), "flotilla-lb gone with the last router");
        Assert.Equal("", await GetAsync(port, "/"));
    }

    private static async Task<string> GetAsync(int port, string path)
    {
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{path}");
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
