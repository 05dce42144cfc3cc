using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Vms;

/// <summary>
/// Pause, resume and reboot of a real guest through the CLI: what the status says is what the guest does (a paused
/// guest stops answering, a resumed one answers again, a rebooted one boots again in the same QEMU).
/// </summary>
[Collection(VmCollection.Name)]
public sealed class VmPowerTests(DaemonFixture daemon)
{
    /// <summary>Each boot writes its kernel boot id beside the page, then serves both.</summary>
    private const string PerBootUserData =
        "#!/bin/sh\nmkdir -p /data/www /data/cloud/scripts/per-boot\necho \"Hello from VM 7\" > /data/www/index.html\n" +
        "printf '#!/bin/sh\\ncat /proc/sys/kernel/random/boot_id > /data/www/boot\\nhttpd -p 80 -h /data/www\\n' > /data/cloud/scripts/per-boot/web\n" +
        "chmod +x /data/cloud/scripts/per-boot/web\nsync\nexec /data/cloud/scripts/per-boot/web\n";

    private static async Task<string> GetAsync(int port, string path)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            return await http.GetStringAsync($"http://127.0.0.1:{port}/{path}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return "";
        }
    }

    private async Task CliOkAsync(params string[] args)
    {
        await using var cli = await daemon.CliAsync(args);
        Assert.True(cli.ExitCode == 0, $"flotilla {string.Join(' ', args)}: {cli.Output}");
    }

    [Fact]
    public async Task A_paused_guest_stops_answering_resumes_where_it_was_and_a_reboot_boots_it_again_in_the_same_qemu()
    {
        var port = FreePort.Tcp();
        var userData = Path.Combine(daemon.Dir, "pw-1.user-data");
        await File.WriteAllTextAsync(userData, PerBootUserData);
        await CliOkAsync("vm", "create", "pw-1", "--template", "tiny-web", "--memory", "128", "--forward", $"{port}:80", "--user-data", userData);
        try
        {
            await CliOkAsync("vm", "start", "pw-1");
            var pid = (await daemon.WaitForStateAsync("pw-1", "running"))["status"]!["pid"]!.GetValue<int>();
            var boot = "";
            await Wait.UntilAsync(async () => (boot = (await GetAsync(port, "boot")).Trim()).Length > 0, TimeSpan.FromSeconds(90), "the guest's boot id");

            await CliOkAsync("vm", "pause", "pw-1");
            await daemon.WaitForStateAsync("pw-1", "paused");
            // QEMU's user network still accepts the connection; the guest's vCPUs do not run, so nothing answers.
            Assert.Equal("", await GetAsync(port, "boot"));

            await CliOkAsync("vm", "resume", "pw-1");
            await daemon.WaitForStateAsync("pw-1", "running");
            await Wait.UntilAsync(async () => (await GetAsync(port, "boot")).Trim() == boot, TimeSpan.FromSeconds(30), "the same boot answering again");

            await CliOkAsync("vm", "reboot", "pw-1");
            await Wait.UntilAsync(async () => (await GetAsync(port, "boot")).Trim() is { Length: > 0 } now && now != boot, TimeSpan.FromSeconds(90), "a new boot id");
            var after = await daemon.GetVmAsync("pw-1");
            Assert.Equal("running", after["status"]!["state"]!.GetValue<string>());
            Assert.Equal(pid, after["status"]!["pid"]!.GetValue<int>());
            Assert.Equal(after["spec"]!["rebootGeneration"]!.GetValue<long>(), after["status"]!["observedRebootGeneration"]!.GetValue<long>());
        }
        finally
        {
            await using (await daemon.CliAsync("vm", "destroy", "pw-1")) { }
            await daemon.WaitForStateAsync("pw-1", "stopped");
            await using (await daemon.CliAsync("vm", "undefine", "pw-1")) { }
            File.Delete(userData);
        }
    }
}
