using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Flotilla.EndToEnd.Tests.Vms;
using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Stacks;

/// <summary>
/// Issue 15 §4 through the real CLI, daemon and guests: an apply is a stored operation. A second apply while it runs
/// is refused, naming it; a CLI killed mid-apply changes nothing (the apply ends on its own, and any CLI can watch it);
/// a daemon killed mid-apply leaves the CLI one line, and the restarted daemon carries the operation on to its end.
/// </summary>
[Collection(VmCollection.Name)]
public sealed class StackOperationTests(DaemonFixture daemon)
{
    // A balancer makes the apply last until the guests serve (their probe passes): seconds under TCG, long enough to
    // act while it runs.
    private static string Stack(int count, int port) => $$"""
        name: e2e-ops
        networks:
          - { name: ops-net, cidr: 10.77.44.0/24, mode: isolated }
        vms:
          - name: ops
            count: {{count}}
            template: tiny-web
            memory: 128
            networks: [ops-net]
            userData: |
              #!/bin/sh
              mkdir -p /data/www /data/cloud/scripts/per-boot
              echo ok > /data/www/index.html
              printf '#!/bin/sh\nhttpd -p 80 -h /data/www\n' > /data/cloud/scripts/per-boot/web
              chmod +x /data/cloud/scripts/per-boot/web
              sync
              exec /data/cloud/scripts/per-boot/web
        loadBalancers:
          - name: ops-lb
            frontendAddress: 127.0.0.1
            backendPools: [{ name: ops, members: ["ops[*]"] }]
            probes: [{ name: p80, protocol: tcp, port: 80, intervalSeconds: 1 }]
            rules: [{ name: http, protocol: tcp, frontendPort: {{port}}, backendPort: 80, backendPool: ops, probe: p80 }]
        """;

    [Fact]
    public async Task An_apply_outlives_a_killed_cli_refuses_a_second_apply_and_is_carried_on_by_a_restarted_daemon()
    {
        var file = Path.Combine(daemon.Dir, "ops.yaml");
        var port = FreePort.Tcp();
        await File.WriteAllTextAsync(file, Stack(1, port));
        try
        {
            await using (var first = daemon.StartCli("apply", "-f", file))
            {
                await Wait.UntilAsync(() => first.StandardOutput.Contains("vm ops-0: creating…", StringComparison.Ordinal) || first.HasExited,
                    TimeSpan.FromSeconds(60), "the first apply at its VM's step");
                Assert.False(first.HasExited, first.Output);

                var busy = await daemon.FailsAsync(1, "apply", "-f", file);
                var id = (await OperationsAsync()).Single()!["id"]!.GetValue<string>();
                Assert.StartsWith($"flotilla: stack 'e2e-ops' is busy: an apply of it ({id}) has been running since ", busy, StringComparison.Ordinal);
                Assert.EndsWith($"wait for it to finish (flotilla operation watch {id}), then run this again", busy, StringComparison.Ordinal);

                first.Signal("KILL");
                await first.WaitForExitAsync(TimeSpan.FromSeconds(10));

                await using var watch = await daemon.CliAsync("operation", "watch", id);
                Assert.True(watch.ExitCode == 0, watch.Output);
                Assert.Contains("vm ops-0: created", watch.StandardOutput);
                Assert.Contains("Apply complete! Resources: 3 added, 0 changed, 0 destroyed.", watch.StandardOutput);
                Assert.Equal("succeeded", (await OperationsAsync()).Single()!["state"]!.GetValue<string>());
            }
            await using (var show = await daemon.CliAsync("stack", "show", "e2e-ops"))
            {
                Assert.True(show.ExitCode == 0, show.Output);
            }

            // One more VM; the daemon is killed while the apply creates it.
            await File.WriteAllTextAsync(file, Stack(2, port));
            string second;
            await using (var apply = daemon.StartCli("apply", "-f", file))
            {
                await Wait.UntilAsync(() => apply.StandardOutput.Contains("vm ops-1: creating…", StringComparison.Ordinal) || apply.HasExited,
                    TimeSpan.FromSeconds(60), "the second apply at its VM's step");
                await daemon.KillAsync();
                await apply.WaitForExitAsync(TimeSpan.FromSeconds(30));
                Assert.True(apply.ExitCode == 1, apply.Output);
                var line = Assert.Single(apply.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.StartsWith("flotilla: lost flotillad at unix:", line, StringComparison.Ordinal);
                second = line.Split("operation watch ")[1].TrimEnd('`').Split('`')[0];
                Assert.Contains($"the operation {second} is stored, and flotillad carries it on when it is back", line, StringComparison.Ordinal);
            }
            await daemon.StartAsync();
            await using (var watch = await daemon.CliAsync("operation", "watch", second))
            {
                Assert.True(watch.ExitCode == 0, watch.Output);
                Assert.True(watch.StandardOutput.Contains("flotillad restarted", StringComparison.Ordinal)
                    && watch.StandardOutput.Contains("it carries the apply on (run 2)", StringComparison.Ordinal), watch.Output + "\n" + daemon.DaemonOutput);
            }
            var operation = (await daemon.Http.GetFromJsonAsync<JsonNode>($"/v1/operations/{second}"))!;
            Assert.Equal("succeeded", operation["state"]!.GetValue<string>());
            Assert.Equal(2, operation["attempts"]!.GetValue<int>());
            await daemon.WaitForStateAsync("ops-0", "running");
            await daemon.WaitForStateAsync("ops-1", "running");
            await using (var again = await daemon.CliAsync("apply", "-f", file))
            {
                Assert.True(again.ExitCode == 0, again.Output);
                Assert.Equal("No changes.", again.StandardOutput.Split('\n')[0]);
            }

            Assert.Equal(HttpStatusCode.NotFound, (await daemon.Http.GetAsync("/v1/operations/op-20000101-000000-0000")).StatusCode);
            var unknown = await daemon.FailsAsync(2, "operation", "watch", "op-20000101-000000-0000");
            Assert.StartsWith("flotilla: no operation 'op-20000101-000000-0000' on this host", unknown, StringComparison.Ordinal);
        }
        finally
        {
            await using var destroy = await daemon.CliAsync("destroy", "-f", file);
            Assert.True(destroy.ExitCode == 0, destroy.Output);
        }
    }

    private async Task<JsonArray> OperationsAsync() => (await daemon.Http.GetFromJsonAsync<JsonArray>("/v1/operations?stack=e2e-ops"))!;
}
