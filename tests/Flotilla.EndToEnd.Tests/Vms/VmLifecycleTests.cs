using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Vms;

/// <summary>Real flotillad, real QEMU guests (TCG), at most two up at once; one class at a time.</summary>
[Collection(VmCollection.Name)]
public sealed class VmLifecycleTests(DaemonFixture daemon)
{
    private const string UserData = "#!/bin/sh\nmkdir -p /www\necho \"Hello from VM 7\" > /www/index.html\nhttpd -p 80 -h /www\n";

    private static async Task<string> GetTextAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            return await http.GetStringAsync($"http://127.0.0.1:{port}/");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return "";
        }
    }

    /// <summary>A web server that comes back after a restart (user data runs once per instance), written to disk at once.</summary>
    private const string PerBootUserData =
        "#!/bin/sh\nmkdir -p /data/www /data/cloud/scripts/per-boot\necho \"Hello from VM 7\" > /data/www/index.html\n" +
        "printf '#!/bin/sh\\nhttpd -p 80 -h /data/www\\n' > /data/cloud/scripts/per-boot/web\nchmod +x /data/cloud/scripts/per-boot/web\nsync\nexec /data/cloud/scripts/per-boot/web\n";

    private async Task CreateAsync(string name, int port, bool transient = false, string onCrash = "preserve", string userData = UserData)
    {
        var created = await daemon.Http.PostAsJsonAsync("/v1/vms", new
        {
            name, template = "tiny-web", cpus = 1, memoryMiB = 128, userData, transient, forwards = new[] { $"{port}:80" }, onCrash,
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_persistent_vm_serves_its_user_data_stops_and_undefines_without_leftovers()
    {
        var port = FreePort.Tcp();
        await CreateAsync("web-1", port);
        Assert.Equal("stopped", (await daemon.GetVmAsync("web-1"))["status"]!["state"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.Accepted, (await daemon.PostAsync("/v1/vms/web-1/start")).StatusCode);
        var running = await daemon.WaitForStateAsync("web-1", "running");
        var pid = running["status"]!["pid"]!.GetValue<int>();
        await Wait.UntilAsync(() => GetTextAsync(port).GetAwaiter().GetResult().Contains("Hello from VM 7"), TimeSpan.FromSeconds(90), "the guest's web page");

        var taken = await daemon.Http.DeleteAsync("/v1/vms/web-1");
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("vm-running", await taken.Content.ReadAsStringAsync());

        await daemon.PostAsync("/v1/vms/web-1/shutdown");
        await daemon.WaitForStateAsync("web-1", "stopped");
        Assert.False(ProcessAlive(pid), "QEMU is gone after shutdown");

        Assert.Equal(HttpStatusCode.NoContent, (await daemon.Http.DeleteAsync("/v1/vms/web-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await daemon.Http.GetAsync("/v1/vms/web-1")).StatusCode);
        Assert.Empty(Directory.EnumerateDirectories(daemon.Dir, "web-1", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_transient_vm_runs_at_once_and_is_gone_when_destroyed()
    {
        var port = FreePort.Tcp();
        await CreateAsync("tmp-1", port, transient: true);
        await daemon.WaitForStateAsync("tmp-1", "running");
        await daemon.PostAsync("/v1/vms/tmp-1/destroy");
        await Wait.UntilAsync(() => daemon.Http.GetAsync("/v1/vms/tmp-1").GetAwaiter().GetResult().StatusCode == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(60), "the transient VM gone");
    }

    [Fact]
    public async Task A_daemon_restart_reattaches_and_a_killed_qemu_is_reported_crashed()
    {
        var port = FreePort.Tcp();
        await CreateAsync("web-2", port);
        await daemon.PostAsync("/v1/vms/web-2/start");
        var pid = (await daemon.WaitForStateAsync("web-2", "running"))["status"]!["pid"]!.GetValue<int>();
        await Wait.UntilAsync(() => GetTextAsync(port).GetAwaiter().GetResult().Contains("Hello from VM 7"), TimeSpan.FromSeconds(90), "the guest's web page");

        await daemon.RestartAsync();
        Assert.True(ProcessAlive(pid), "QEMU outlives the daemon");
        var adopted = await daemon.WaitForStateAsync("web-2", "running");
        Assert.Equal(pid, adopted["status"]!["pid"]!.GetValue<int>());
        Assert.Contains("Hello from VM 7", await GetTextAsync(port));

        System.Diagnostics.Process.GetProcessById(pid).Kill();
        var crashed = await daemon.WaitForStateAsync("web-2", "crashed");
        Assert.Contains("QEMU died", crashed["status"]!["message"]!.GetValue<string>());
        await daemon.Http.DeleteAsync("/v1/vms/web-2");
    }

    [Fact]
    public async Task Under_on_crash_restart_a_killed_qemu_is_started_again_after_a_growing_back_off()
    {
        var port = FreePort.Tcp();
        await CreateAsync("web-r", port, onCrash: "restart", userData: PerBootUserData);
        try
        {
            await daemon.PostAsync("/v1/vms/web-r/start");
            var first = (await daemon.WaitForStateAsync("web-r", "running"))["status"]!["pid"]!.GetValue<int>();

            // The crashed state lasts a second: the event stream keeps it, with what the status said.
            System.Diagnostics.Process.GetProcessById(first).Kill();
            var second = await NewPidAsync(first);
            Assert.Contains(await VmEventsAsync(), m => m.Contains("restarting in 1 s (failure 1 in a row)", StringComparison.Ordinal));
            await Wait.UntilAsync(() => GetTextAsync(port).GetAwaiter().GetResult().Contains("Hello from VM 7"), TimeSpan.FromSeconds(90), "the restarted guest's page");

            // A second crash soon after is the next of a series: the wait doubles.
            System.Diagnostics.Process.GetProcessById(second).Kill();
            await NewPidAsync(second);
            Assert.Contains(await VmEventsAsync(), m => m.Contains("restarting in 2 s (failure 2 in a row)", StringComparison.Ordinal));
        }
        finally
        {
            await daemon.PostAsync("/v1/vms/web-r/destroy");
            await daemon.WaitForStateAsync("web-r", "stopped");
            await daemon.Http.DeleteAsync("/v1/vms/web-r");
        }
    }

    private async Task<int> NewPidAsync(int old)
    {
        var pid = 0;
        await Wait.UntilAsync(() => (daemon.GetVmAsync("web-r").GetAwaiter().GetResult())["status"]!["pid"] is { } p && (pid = p.GetValue<int>()) != old,
            TimeSpan.FromSeconds(60), "a new QEMU");
        return pid;
    }

    private async Task<List<string>> VmEventsAsync() =>
        [.. (await daemon.Http.GetFromJsonAsync<JsonArray>("/v1/events"))!
            .Where(e => e!["object"]!.GetValue<string>() == "vm/web-r").Select(e => e!["message"]!.GetValue<string>())];

    [Fact]
    public async Task Bad_requests_get_problem_types_and_create_nothing()
    {
        async Task<(HttpStatusCode, string)> Create(object body)
        {
            var r = await daemon.Http.PostAsJsonAsync("/v1/vms", body);
            return (r.StatusCode, (await r.Content.ReadFromJsonAsync<JsonNode>())!["type"]!.GetValue<string>());
        }
        Assert.Equal((HttpStatusCode.BadRequest, "https://flotilla.dev/problems/invalid-name"), await Create(new { name = "Bad_Name", template = "tiny-web" }));
        Assert.Equal((HttpStatusCode.NotFound, "https://flotilla.dev/problems/template-not-found"), await Create(new { name = "x1", template = "windows-11" }));
        Assert.Equal((HttpStatusCode.BadRequest, "https://flotilla.dev/problems/invalid-spec"), await Create(new { name = "x2", template = "tiny-web", memoryMiB = 16 }));
        Assert.Equal((HttpStatusCode.BadRequest, "https://flotilla.dev/problems/invalid-spec"), await Create(new { name = "x3", template = "tiny-web", forwards = new[] { "80" } }));

        // Capacity: a VM this host could never run (more memory than it has) is refused at create, not first at start,
        // and nothing of it is left (issue 14); the running-capacity check at start is HostCapacityTests'.
        var refused = await daemon.Http.PostAsJsonAsync("/v1/vms", new { name = "huge", template = "tiny-web", memoryMiB = 900_000 });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("VM 'huge' could never start on this host: it asks for 900000 MiB", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await daemon.Http.GetAsync("/v1/vms/huge")).StatusCode);
        Assert.DoesNotContain((await daemon.Http.GetFromJsonAsync<JsonArray>("/v1/vms"))!, v => v!["name"]!.GetValue<string>().StartsWith('x'));
    }

    private static bool ProcessAlive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");
}
