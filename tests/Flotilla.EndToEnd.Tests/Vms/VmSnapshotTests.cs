using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Vms;

/// <summary>Snapshots of a real guest: with memory while it runs, disk-only while it runs and while it is stopped.</summary>
[Collection(VmCollection.Name)]
public sealed class VmSnapshotTests(DaemonFixture daemon)
{
    /// <summary>
    /// The guest has no agent and only a serial console, so the test writes into it through its web server: the CGI
    /// <c>/cgi-bin/files?write</c> writes <c>/data/after.txt</c> and syncs, and every call lists <c>/data</c> and says the
    /// guest's <c>MemTotal</c> (which shrinks as the balloon inflates). A per-boot
    /// script serves it, so the web server comes back after a cold boot too (user-data runs once per instance).
    /// </summary>
    private const string UserData = """
        #!/bin/sh
        mkdir -p /data/www/cgi-bin /data/cloud/scripts/per-boot
        echo "Hello from $(hostname)" > /data/www/index.html
        cat > /data/www/cgi-bin/files <<'EOF'
        #!/bin/sh
        printf 'Content-Type: text/plain\r\n\r\n'
        [ "$QUERY_STRING" = write ] && { echo after > /data/after.txt; sync; }
        ls /data
        grep MemTotal /proc/meminfo
        EOF
        printf '#!/bin/sh\nhttpd -p 80 -h /data/www\n' > /data/cloud/scripts/per-boot/web
        chmod +x /data/www/cgi-bin/files /data/cloud/scripts/per-boot/web
        exec /data/cloud/scripts/per-boot/web

        """;

    [Fact]
    public async Task Reverting_restores_disk_and_memory_while_running_and_the_disk_while_stopped()
    {
        var port = FreePort.Tcp();
        var created = await daemon.Http.PostAsJsonAsync("/v1/vms", new
        {
            name = "snap-1", template = "tiny-web", cpus = 1, memoryMiB = 128, userData = UserData.Replace("\r", "", StringComparison.Ordinal),
            forwards = new[] { $"{port}:80" },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        try
        {
            // Stopped, never started: a disk-only snapshot with qemu-img (the disk is made for it).
            Assert.Equal(HttpStatusCode.Created, (await daemon.PostAsync("/v1/vms/snap-1/snapshots", new { name = "blank" })).StatusCode);

            await daemon.PostAsync("/v1/vms/snap-1/start");
            await daemon.WaitForStateAsync("snap-1", "running");
            await DaemonFixture.WaitForPageAsync(port, "Hello from snap-1");
            Assert.DoesNotContain("after.txt", await Files(port));

            await using (var cli = await daemon.CliAsync("vm", "snapshot", "create", "snap-1", "booted", "--memory"))
            {
                Assert.True(cli.ExitCode == 0, cli.Output);
                Assert.StartsWith("vm snap-1: snapshot booted created (disk and memory, ", cli.StandardOutput);
            }
            Assert.Contains("after.txt", await Files(port, write: true));
            // Disk-only while it runs: the guest carries on, the disk (with after.txt, synced) is kept as it is now.
            Assert.Equal(HttpStatusCode.Created, (await daemon.PostAsync("/v1/vms/snap-1/snapshots", new { name = "with-after" })).StatusCode);

            await using (var cli = await daemon.CliAsync("vm", "snapshot", "list", "snap-1", "-o", "json"))
            {
                Assert.True(cli.ExitCode == 0, cli.Output);
                var list = JsonNode.Parse(cli.StandardOutput)!.AsArray();
                Assert.Equal(["blank", "booted", "with-after"], list.Select(s => s!["name"]!.GetValue<string>()));
                Assert.Equal([false, true, false], list.Select(s => s!["memory"]!.GetValue<bool>()));
                Assert.InRange(list[1]!["vmStateBytes"]!.GetValue<long>(), 1 << 20, 256L << 20);
            }

            // A balloon target set after "booted": the revert brings back that moment's balloon too, and flotillad
            // then asks for the spec's target again.
            var booted = MemTotalKiB(await Files(port));
            Assert.Equal(HttpStatusCode.Accepted, (await daemon.Http.PutAsJsonAsync("/v1/vms/snap-1/balloon", new { targetMiB = 96 })).StatusCode);
            await Wait.UntilAsync(async () => MemTotalKiB(await Files(port)) <= booted - (24 << 10), TimeSpan.FromSeconds(30), "the balloon inflating");

            // Back to just after boot, disk and RAM: after.txt is gone, and the web server (in RAM) still answers.
            await using (var cli = await daemon.CliAsync("vm", "snapshot", "revert", "snap-1", "booted"))
            {
                Assert.True(cli.ExitCode == 0, cli.Output);
                Assert.Equal("vm snap-1 reverted to snapshot booted (disk and memory: it carries on from there)", cli.StandardOutput.Trim());
            }
            Assert.DoesNotContain("after.txt", await Files(port));
            Assert.Equal("running", (await daemon.GetVmAsync("snap-1"))["status"]!["state"]!.GetValue<string>());
            await Wait.UntilAsync(async () => MemTotalKiB(await Files(port)) <= booted - (24 << 10), TimeSpan.FromSeconds(30), "the balloon target applied again");

            await AssertProblemAsync(await daemon.PostAsync("/v1/vms/snap-1/snapshots/with-after/revert"), HttpStatusCode.Conflict, "vm-running", "stop it first");
            await AssertProblemAsync(await daemon.PostAsync("/v1/vms/snap-1/snapshots", new { name = "booted", memory = true }), HttpStatusCode.Conflict, "snapshot-exists", "already has");
            await AssertProblemAsync(await daemon.PostAsync("/v1/vms/snap-1/snapshots/nope/revert"), HttpStatusCode.NotFound, "snapshot-not-found", "no snapshot named 'nope'");
            await AssertProblemAsync(await daemon.Http.DeleteAsync("/v1/vms/snap-1/snapshots/nope"), HttpStatusCode.NotFound, "snapshot-not-found", "nope");
            Assert.Equal(HttpStatusCode.NoContent, (await daemon.Http.DeleteAsync("/v1/vms/snap-1/snapshots/booted")).StatusCode);

            // Stopped: qemu-img puts the disk back as it was when with-after was taken, and the next boot finds the file.
            await daemon.PostAsync("/v1/vms/snap-1/shutdown");
            await daemon.WaitForStateAsync("snap-1", "stopped");
            await AssertProblemAsync(await daemon.PostAsync("/v1/vms/snap-1/snapshots", new { name = "cold", memory = true }), HttpStatusCode.Conflict, "vm-not-running", "no memory to save");
            Assert.Equal(HttpStatusCode.OK, (await daemon.PostAsync("/v1/vms/snap-1/snapshots/with-after/revert")).StatusCode);
            await daemon.PostAsync("/v1/vms/snap-1/start");
            await daemon.WaitForStateAsync("snap-1", "running");
            await DaemonFixture.WaitForPageAsync(port, "Hello from snap-1");
            Assert.Contains("after.txt", await Files(port));

            foreach (var name in new[] { "blank", "with-after" })
            {
                Assert.Equal(HttpStatusCode.NoContent, (await daemon.Http.DeleteAsync($"/v1/vms/snap-1/snapshots/{name}")).StatusCode);
            }
            Assert.Empty((await daemon.Http.GetFromJsonAsync<JsonArray>("/v1/vms/snap-1/snapshots"))!);
        }
        finally
        {
            await daemon.PostAsync("/v1/vms/snap-1/destroy");
            await daemon.WaitForStateAsync("snap-1", "stopped");
            await daemon.Http.DeleteAsync("/v1/vms/snap-1");
        }
    }

    /// <summary>The guest's <c>ls /data</c>, after writing <c>/data/after.txt</c> when asked.</summary>
    private static async Task<string> Files(int port, bool write = false)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        return await http.GetStringAsync($"http://127.0.0.1:{port}/cgi-bin/files{(write ? "?write" : "")}");
    }

    /// <summary>"MemTotal:  113060 kB" → 113060.</summary>
    private static long MemTotalKiB(string files) =>
        long.Parse(files.Split('\n').Single(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type, string detail)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
        var problem = JsonNode.Parse(body)!;
        Assert.Equal($"https://flotilla.dev/problems/{type}", problem["type"]!.GetValue<string>());
        Assert.Contains(detail, problem["detail"]!.GetValue<string>());
    }
}
