using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flotilla.EndToEnd.Tests.Vms;
using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Stacks;

/// <summary>
/// <c>flotilla apply --verify</c> on a real guest behind the supervised flotilla-lb: a verify that holds passes the
/// deployment (exit 0, the load tester's summary printed), an impossible threshold fails it (exit 99, the threshold
/// named); a load test of the stack (<c>loadtest --stack</c>) while it scales 1 → 2 shows the apply's step, the new
/// VM and its probe on its timeline, and the new backend's series. At most two VMs, destroyed at the end.
/// </summary>
[Collection(VmCollection.Name)]
public sealed class StackVerifyTests(DaemonFixture daemon)
{
    private static string Stack(int port, string durationThreshold, int count = 1) => $$"""
        name: e2e-verify
        securityGroups:
          - name: vf-nsg
            rules:
              - { name: allow-http, priority: 100, direction: inbound, access: allow, protocol: tcp, destinationPortRange: 80 }
        networks:
          - { name: vf-net, cidr: 10.77.31.0/24, mode: nat, securityGroup: vf-nsg }
        vms:
          - name: vf
            count: {{count}}
            template: tiny-web
            memory: 128
            networks: [vf-net]
            userData: |
              #!/bin/sh
              mkdir -p /data/www
              echo "Hello from VM ${index}" > /data/www/index.html
              exec httpd -p 80 -h /data/www
        loadBalancers:
          - name: vf-lb
            frontendAddress: 127.0.0.1
            backendPools: [{ name: vf, members: ["vf[*]"] }]
            probes: [{ name: p80, protocol: tcp, port: 80, intervalSeconds: 1 }]
            rules: [{ name: http, protocol: tcp, frontendPort: {{port}}, backendPort: 80, backendPool: vf, probe: p80 }]
        outputs:
          url: http://${loadBalancers.vf-lb.frontend}:${loadBalancers.vf-lb.rules.http.frontendPort}/
        verify:
          vus: 4
          duration: 3s
          noConnectionReuse: true
          expectStatus: 200
          expectBody: Hello from VM
          thresholds:
            http_req_failed: rate<0.01
            http_req_duration: {{durationThreshold}}
        """;

    [Fact]
    public async Task Apply_verify_passes_a_serving_stack_and_fails_on_an_impossible_threshold()
    {
        var port = FreePort.Tcp();
        var file = Path.Combine(daemon.Dir, "verify.yaml");
        await File.WriteAllTextAsync(file, Stack(port, "p(95)<5000"));
        try
        {
            var report = Path.Combine(daemon.Dir, "verify.html");
            await using (var apply = await daemon.CliAsync("apply", "-f", file, "--verify", "--verify-report", report))
            {
                Assert.True(apply.ExitCode == 0, apply.Output);
                Assert.Contains("chart-backend-latency", await File.ReadAllTextAsync(report));
                var summary = apply.StandardOutput;
                Assert.Contains($"Verify: http://127.0.0.1:{port}/", summary);
                Assert.Contains("█ TOTAL RESULTS", summary);
                Assert.Contains("✓ http_req_failed: 'rate<0.01'", summary);
                Assert.Contains("✓ status is 200", summary);
                Assert.Contains("stack:  e2e-verify", summary);
                Assert.Contains("EVENTS DURING THE RUN", summary);
                Assert.Contains("Verify passed.", summary);
            }

            // Nothing to change, so only the verify runs again: against a threshold no network meets.
            await File.WriteAllTextAsync(file, Stack(port, "p(95)<0.001"));
            await using (var strict = await daemon.CliAsync("apply", "-f", file, "--verify"))
            {
                Assert.True(strict.ExitCode == 99, strict.Output);
                Assert.Contains("No changes.", strict.StandardOutput);
                Assert.Contains("✗ http_req_duration: 'p(95)<0.001'", strict.StandardOutput);
                Assert.Contains("thresholds failed: http_req_duration 'p(95)<0.001'", strict.StandardError);
                Assert.Contains("Verify failed", strict.StandardOutput);
            }
        }
        finally
        {
            await using var destroy = await daemon.CliAsync("destroy", "-f", file);
            Assert.True(destroy.ExitCode == 0, destroy.Output);
        }
        Assert.DoesNotContain((await daemon.Http.GetFromJsonAsync<JsonArray>("/v1/vms"))!, v => v!["name"]!.GetValue<string>().StartsWith("vf-", StringComparison.Ordinal));
        Assert.DoesNotContain((await daemon.Http.GetFromJsonAsync<JsonArray>("/v1/balancers"))!, b => b!["name"]!.GetValue<string>() == "vf-lb");
    }

    [Fact]
    public async Task A_load_test_of_the_stack_marks_a_scale_out_and_shows_the_new_backend()
    {
        var port = FreePort.Tcp();
        var file = Path.Combine(daemon.Dir, "scale.yaml");
        var json = Path.Combine(daemon.Dir, "scale.json");
        await File.WriteAllTextAsync(file, Stack(port, "p(95)<5000"));
        try
        {
            await using (var apply = await daemon.CliAsync("apply", "-f", file, "--verify"))
            {
                Assert.True(apply.ExitCode == 0, apply.Output);
            }
            await using var load = LauncherProcess.Start("flotilla",
                ["loadtest", "--stack", "e2e-verify", "--endpoint", $"unix:{daemon.Socket}", "--vus", "2", "--duration", "25s", "--no-connection-reuse", "--out", json, "-q"],
                new Dictionary<string, string> { ["FLOTILLA_ENDPOINT"] = "", ["FLOTILLA_TOKEN"] = "" });
            // Once it says so, it follows the stream: nothing published from then on is missed.
            await Wait.UntilAsync(() => load.StandardError.Contains("marking stack e2e-verify's events", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the load test following the stack");
            await File.WriteAllTextAsync(file, Stack(port, "p(95)<5000", count: 2));
            await using (var scale = await daemon.CliAsync("apply", "-f", file))
            {
                Assert.True(scale.ExitCode == 0, scale.Output);
            }
            await load.WaitForExitAsync(TimeSpan.FromSeconds(90));
            Assert.True(load.ExitCode == 0, load.Output);

            using var result = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var root = result.RootElement;
            var events = root.GetProperty("events").EnumerateArray()
                .Select(e => (Type: e.GetProperty("type").GetString(), Object: e.GetProperty("object").GetString(), Offset: e.GetProperty("offset_seconds").GetDouble())).ToList();
            Assert.Contains(events, e => e is { Type: "stack.create", Object: "stack/e2e-verify" });
            Assert.Contains(events, e => e is { Type: "vm.state", Object: "vm/vf-1" });
            Assert.Contains(events, e => e is { Type: "probe.up", Object: "balancer/vf-lb" });
            Assert.All(events, e => Assert.InRange(e.Offset, -1, 60));
            Assert.Equal(["Hello from VM 0", "Hello from VM 1"], root.GetProperty("backends").EnumerateArray().Select(b => b.GetProperty("backend").GetString()).Order());
            Assert.Contains("EVENTS DURING THE RUN", load.StandardOutput);
        }
        finally
        {
            await using var destroy = await daemon.CliAsync("destroy", "-f", file);
            Assert.True(destroy.ExitCode == 0, destroy.Output);
        }
    }
}
