using System.Net.Sockets;
using System.Text.Json.Nodes;
using Flotilla.EndToEnd.Tests.Vms;
using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Balancers;

/// <summary>
/// The real flotillad supervising the real flotilla-lb in front of in-process HTTP servers on loopback: a PUT
/// starts it, a change reloads it under a live connection, a kill restarts it, a daemon restart adopts it (same pid,
/// the connection lives on), and the last DELETE stops it and leaves nothing.
/// </summary>
[Collection(VmCollection.Name)]
public sealed class BalancerSupervisionTests(DaemonFixture daemon)
{
    private string LbDir => Path.Combine(daemon.Dir, "data", "lb");

    [Fact]
    public async Task A_balancer_runs_flotilla_lb_which_reloads_restarts_outlives_the_daemon_and_goes_with_the_last_balancer()
    {
        await using var vm0 = HelloServer.Start(0);
        await using var vm1 = HelloServer.Start(1);
        var frontend = FreePort.Tcp();
        try
        {
            await daemon.PutAsync("web", BalancerApi.Spec(frontend, vm0.Port));
            var pid = (await daemon.WaitLiveAsync("web", up: 1)).Pid();
            Assert.Equal("Hello from VM 0", (await Http.GetFreshAsync(frontend)).Trim());
            using var flow = await Http.ConnectAsync(frontend);
            Assert.Equal("Hello from VM 0", (await Http.GetAsync(flow)).Trim());

            // A change is a reload of the same process; the open connection stays on its member.
            await daemon.PutAsync("web", BalancerApi.Spec(frontend, vm0.Port, vm1.Port));
            Assert.Equal(pid, (await daemon.WaitLiveAsync("web", up: 2)).Pid());
            Assert.Equal("Hello from VM 0", (await Http.GetAsync(flow)).Trim());
            await Wait.UntilAsync(async () => (await Http.GetFreshAsync(frontend)).Trim() == "Hello from VM 1", TimeSpan.FromSeconds(30), "a new connection on the new member");

            // The daemon goes and comes back: the same flotilla-lb, adopted, and the connection never noticed.
            await daemon.RestartAsync();
            Assert.Equal(pid, (await daemon.WaitLiveAsync("web", up: 2)).Pid());
            Assert.Equal("Hello from VM 0", (await Http.GetAsync(flow)).Trim());

            // flotilla-lb dies: started again.
            System.Diagnostics.Process.GetProcessById(pid).Kill();
            await Wait.UntilAsync(async () => (await daemon.GetAsync("web"))["status"]!["pid"]?.GetValue<int>() is { } p && p != pid,
                TimeSpan.FromSeconds(60), "flotilla-lb started again");
            var restarted = (await daemon.WaitLiveAsync("web", up: 2)).Pid();
            Assert.StartsWith("Hello from VM ", (await Http.GetFreshAsync(frontend)).Trim());

            // The last balancer goes: so do the process, the port and the files.
            Assert.Equal(System.Net.HttpStatusCode.NoContent, (await daemon.Http.DeleteAsync("/v1/balancers/web")).StatusCode);
            await Wait.UntilAsync(() => !Directory.Exists($"/proc/{restarted}") && !Directory.Exists(LbDir), TimeSpan.FromSeconds(30), $"flotilla-lb and {LbDir} gone");
            await Assert.ThrowsAsync<SocketException>(() => Http.ConnectAsync(frontend));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await daemon.Http.GetAsync("/v1/balancers/web")).StatusCode);
        }
        finally
        {
            await daemon.Http.DeleteAsync("/v1/balancers/web");
        }
    }

    [Fact]
    public async Task A_bad_balancer_is_refused_with_flotilla_lbs_one_line_and_nothing_changes()
    {
        var spec = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(BalancerApi.Spec(FreePort.Tcp(), 18001)))!;
        spec["rules"]![0]!["backendPool"] = "vmz";
        using var response = await daemon.Http.PutAsync("/v1/balancers/bad", new StringContent(spec.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("https://flotilla.dev/problems/invalid-balancer", problem["type"]!.GetValue<string>());
        Assert.Equal("balancer 'bad': rules[0].backendPool: unknown pool 'vmz' (known: hello)", problem["detail"]!.GetValue<string>());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await daemon.Http.GetAsync("/v1/balancers/bad")).StatusCode);

        var line = await daemon.FailsAsync(2, "lb", "show", "bad");
        Assert.Equal("flotilla: no balancer named 'bad' (flotilla lb list shows them)", line);
    }
}
