using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Vms;

/// <summary><c>vm clone</c> with real guests: the clone is a new identity on a copy of the source's disk.</summary>
[Collection(VmCollection.Name)]
public sealed class VmCloneTests(DaemonFixture daemon)
{
    /// <summary>
    /// Runs once per instance-id. <c>born</c> keeps the name of the first guest that ran on this disk (a clone keeps its
    /// source's: the disk was copied). The per-boot script serves a page naming the guest's hostname and the MAC its
    /// own NIC has, on every boot.
    /// </summary>
    private const string UserData = """
        #!/bin/sh
        mkdir -p /data/www /data/cloud/scripts/per-boot
        [ -f /data/www/born ] || hostname > /data/www/born
        cat > /data/cloud/scripts/per-boot/web <<'EOF'
        #!/bin/sh
        echo "Hello from $(hostname) mac $(cat /sys/class/net/eth0/address)" > /data/www/index.html
        httpd -p 80 -h /data/www
        EOF
        chmod +x /data/cloud/scripts/per-boot/web
        exec /data/cloud/scripts/per-boot/web

        """;

    [Fact]
    public async Task A_clone_of_a_stopped_vm_boots_its_disk_under_a_new_mac_and_identity_and_answers_with_its_own_page()
    {
        var sourcePort = FreePort.Tcp();
        var clonePort = FreePort.Tcp();
        var created = await daemon.Http.PostAsJsonAsync("/v1/vms", new
        {
            name = "cln-src", template = "tiny-web", cpus = 1, memoryMiB = 128, userData = UserData.Replace("\r", "", StringComparison.Ordinal),
            forwards = new[] { $"{sourcePort}:80" },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var source = (await daemon.GetVmAsync("cln-src"))["spec"]!;
        var sourceMac = source["mac"]!.GetValue<string>();
        try
        {
            await daemon.PostAsync("/v1/vms/cln-src/start");
            await daemon.WaitForStateAsync("cln-src", "running");
            await DaemonFixture.WaitForPageAsync(sourcePort, $"Hello from cln-src mac {sourceMac}");

            var live = await daemon.PostAsync("/v1/vms/cln-src/clone", new { name = "cln-copy" });
            Assert.Equal(HttpStatusCode.Conflict, live.StatusCode);
            var problem = (await live.Content.ReadFromJsonAsync<JsonNode>())!;
            Assert.Equal("https://flotilla.dev/problems/vm-running", problem["type"]!.GetValue<string>());
            Assert.Contains("live cloning is not supported", problem["detail"]!.GetValue<string>());

            await daemon.PostAsync("/v1/vms/cln-src/shutdown");
            await daemon.WaitForStateAsync("cln-src", "stopped");
            await using (var cli = await daemon.CliAsync("vm", "clone", "cln-src", "cln-copy", "--forward", $"{clonePort}:80", "-o", "json"))
            {
                Assert.True(cli.ExitCode == 0, cli.Output);
                var clone = JsonNode.Parse(cli.StandardOutput)!;
                var spec = clone["spec"]!;
                Assert.NotEqual(sourceMac, spec["mac"]!.GetValue<string>());
                Assert.NotEqual(source["instanceId"]!.GetValue<string>(), spec["instanceId"]!.GetValue<string>());
                Assert.Equal([$"{clonePort}:80"], spec["forwards"]!.AsArray().Select(f => f!.GetValue<string>()));
                foreach (var same in new[] { "template", "cpus", "memoryMiB", "userData", "onCrash" })
                {
                    Assert.Equal(source[same]!.ToJsonString(), spec[same]!.ToJsonString());
                }
                Assert.Equal("stopped", clone["status"]!["state"]!.GetValue<string>());
            }
            var cloneMac = (await daemon.GetVmAsync("cln-copy"))["spec"]!["mac"]!.GetValue<string>();

            // The clone boots the source's disk as itself: its own hostname and MAC on the page, the source's name in
            // born (written on the source's first boot), and its user-data ran again under its new instance-id.
            await daemon.PostAsync("/v1/vms/cln-copy/start");
            await daemon.WaitForStateAsync("cln-copy", "running");
            Assert.Contains($"Hello from cln-copy mac {cloneMac}", await DaemonFixture.WaitForPageAsync(clonePort, "Hello from cln-copy"));
            Assert.Equal("cln-src", (await DaemonFixture.WaitForPageAsync(clonePort, "cln", "/born")).Trim());
            Assert.Contains("flotilla-init: user-data start", await daemon.Http.GetStringAsync("/v1/vms/cln-copy/console"));
        }
        finally
        {
            foreach (var name in new[] { "cln-copy", "cln-src" })
            {
                await daemon.PostAsync($"/v1/vms/{name}/destroy");
                if ((await daemon.Http.GetAsync($"/v1/vms/{name}")).IsSuccessStatusCode) await daemon.WaitForStateAsync(name, "stopped");
                await daemon.Http.DeleteAsync($"/v1/vms/{name}");
            }
        }
        Assert.Empty(Directory.EnumerateDirectories(daemon.Dir, "cln-*", SearchOption.AllDirectories));
    }
}
