using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Flotilla.EndToEnd.Tests.Vms;
using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Stacks;

/// <summary>
/// Issue 14 §3–4 through the real CLI, daemon, guest and flotilla-lb: a frontend port another program or another
/// stack holds is refused at plan, with the stack file's line, before anything is made; each kind of resource a
/// stack declares, deleted behind its back (<c>--force</c>), is named by <c>stack show</c> as missing and the stack
/// is not ready; the next apply makes what is missing again. One guest.
/// </summary>
[Collection(VmCollection.Name)]
public sealed class StackDriftTests(DaemonFixture daemon)
{
    private static string Stack(string name, string prefix, int lbPort, int routerPort) => $$"""
        name: {{name}}
        securityGroups:
          - name: {{prefix}}-nsg
            rules:
              - { name: allow-http, priority: 100, direction: inbound, access: allow, protocol: tcp, destinationPortRange: 80 }
        networks:
          - { name: {{prefix}}-net, cidr: 10.77.32.0/24, mode: nat, securityGroup: {{prefix}}-nsg }
        vms:
          - name: {{prefix}}
            count: 1
            template: tiny-web
            memory: 128
            networks: [{{prefix}}-net]
            userData: |
              #!/bin/sh
              mkdir -p /data/www
              echo "Hello from VM ${index}" > /data/www/index.html
              exec httpd -p 80 -h /data/www
        loadBalancers:
          - name: {{prefix}}-lb
            frontendAddress: 127.0.0.1
            backendPools: [{ name: web, members: ["{{prefix}}[*]"] }]
            probes: [{ name: p80, protocol: tcp, port: 80, intervalSeconds: 1 }]
            rules: [{ name: http, protocol: tcp, frontendPort: {{lbPort}}, backendPort: 80, backendPool: web, probe: p80 }]
        routers:
          - name: {{prefix}}-front
            listeners: [{ address: 127.0.0.1, port: {{routerPort}} }]
            rules: [{ name: all, forward: app }]
            farms: [{ name: app, members: ["{{prefix}}[*]"], port: 80 }]
        """;

    [Fact]
    public async Task Clashing_frontends_are_refused_at_plan_and_each_resource_deleted_behind_the_stacks_back_is_named()
    {
        var (lbPort, routerPort) = (FreePort.Tcp(), FreePort.Tcp());
        var file = Path.Combine(daemon.Dir, "drift.yaml");
        await File.WriteAllTextAsync(file, Stack("e2e-drift", "dr", lbPort, routerPort));
        try
        {
            // A port another program holds: plan and apply refuse it at the rule's line, and nothing is made.
            using (var held = new TcpListener(IPAddress.Loopback, lbPort))
            {
                held.Start();
                foreach (var verb in new[] { "plan", "apply" })
                {
                    await using var refused = await daemon.CliAsync(verb, "-f", file);
                    Assert.True(refused.ExitCode == 2, refused.Output);
                    Assert.Matches($@"drift\.yaml:\d+:\d+: loadBalancers\[0\]\.rules\[0\]\.frontendPort: 127\.0\.0\.1:{lbPort} is in use by another program \(pid {Environment.ProcessId} ", refused.Output);
                }
                Assert.Equal(HttpStatusCode.NotFound, (await daemon.Http.GetAsync("/v1/networks/dr-net")).StatusCode);
            }

            await using (var apply = await daemon.CliAsync("apply", "-f", file))
            {
                Assert.True(apply.ExitCode == 0, apply.Output);
            }
            await WaitReadyAsync();

            // Another stack wanting the same frontend: refused at plan, naming whose it is.
            var other = Path.Combine(daemon.Dir, "drift-other.yaml");
            await File.WriteAllTextAsync(other, Stack("e2e-drift-other", "do", lbPort, FreePort.Tcp()));
            await using (var clash = await daemon.CliAsync("plan", "-f", other))
            {
                Assert.True(clash.ExitCode == 2, clash.Output);
                Assert.Contains($"loadBalancers[0].rules[0].frontendPort: 127.0.0.1:{lbPort} is used by stack 'e2e-drift' (balancer 'dr-lb', rule 'http')", clash.Output);
            }

            // A plain delete of a stack's resource is refused and changes nothing.
            await using (var plain = await daemon.CliAsync("lb", "delete", "dr-lb"))
            {
                Assert.NotEqual(0, plain.ExitCode);
                Assert.Contains("'dr-lb' belongs to stack 'e2e-drift'", plain.Output);
            }
            await WaitReadyAsync();

            // Each kind, forced away: the stack names it missing and is not ready. In the order dependencies allow.
            await BreakAsync(["lb", "delete", "dr-lb", "--force"], "loadBalancer", "dr-lb");
            await BreakAsync(["lb", "delete", "dr-front", "--force"], "router", "dr-front");
            await using (var stop = await daemon.CliAsync("vm", "destroy", "dr-0"))
            {
                Assert.True(stop.ExitCode == 0, stop.Output);
            }
            await daemon.WaitForStateAsync("dr-0", "stopped");
            await BreakAsync(["vm", "undefine", "dr-0", "--force"], "vm", "dr-0");
            await BreakAsync(["network", "delete", "dr-net", "--force"], "network", "dr-net");
            await BreakAsync(["nsg", "delete", "dr-nsg", "--force"], "securityGroup", "dr-nsg");

            // The next apply makes them again, and the stack serves.
            await using (var again = await daemon.CliAsync("apply", "-f", file))
            {
                Assert.True(again.ExitCode == 0, again.Output);
                foreach (var made in new[] { "dr-nsg", "dr-net", "dr-0", "dr-lb", "dr-front" }) Assert.Contains(made, again.StandardOutput);
            }
            await WaitReadyAsync();
            Assert.StartsWith("Hello from VM 0", await DaemonFixture.WaitForPageAsync(lbPort, "Hello"), StringComparison.Ordinal);
        }
        finally
        {
            await using var destroy = await daemon.CliAsync("destroy", "-f", file);
        }
    }

    /// <summary>Runs the CLI command, which must succeed; then <c>stack show</c> must say not ready and name the resource missing.</summary>
    private async Task BreakAsync(string[] command, string kind, string name)
    {
        await using (var run = await daemon.CliAsync(command))
        {
            Assert.True(run.ExitCode == 0, run.Output);
        }
        await using var show = await daemon.CliAsync("stack", "show", "e2e-drift", "-o", "json");
        Assert.True(show.ExitCode == 3, show.Output);
        var status = JsonNode.Parse(show.StandardOutput)!;
        Assert.False(status["ready"]!.GetValue<bool>());
        var resource = status["resources"]!.AsArray().FirstOrDefault(r => r!["kind"]!.GetValue<string>() == kind && r["name"]!.GetValue<string>() == name);
        Assert.True(resource is not null, $"stack show does not list {kind} {name}: {show.StandardOutput}");
        Assert.Contains(resource!["conditions"]!.AsArray(), c => c!["reason"]?.GetValue<string>() == "Missing");
    }

    private async Task WaitReadyAsync()
    {
        string last = "";
        try
        {
            await Wait.UntilAsync(async () =>
            {
                await using var show = await daemon.CliAsync("stack", "show", "e2e-drift");
                last = show.Output;
                return show.ExitCode == 0;
            }, TimeSpan.FromSeconds(90), "the stack ready");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"the stack not ready within 90 s: {last}");
        }
    }
}
