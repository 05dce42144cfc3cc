using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Vms;

/// <summary><c>flotilla vm balloon</c> with a real guest and its virtio-balloon driver.</summary>
[Collection(VmCollection.Name)]
public sealed class VmBalloonTests(DaemonFixture daemon)
{
    [Fact]
    public async Task A_running_128_mib_guest_ballooned_to_96_mib_reports_about_96_mib_and_a_stopped_one_gets_its_target_when_started()
    {
        var created = await daemon.Http.PostAsJsonAsync("/v1/vms", new { name = "bal-1", template = "tiny-web", cpus = 1, memoryMiB = 128 });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        try
        {
            await using (var stopped = await daemon.CliAsync("vm", "balloon", "bal-1", "--target", "112"))
            {
                Assert.True(stopped.ExitCode == 0, stopped.Output);
                Assert.Equal("vm bal-1: balloon target 112 MiB, applied once it runs (it is stopped)", stopped.StandardOutput.Trim());
            }
            await daemon.PostAsync("/v1/vms/bal-1/start");
            await daemon.WaitForStateAsync("bal-1", "running");
            await Wait.UntilAsync(async () => (await daemon.GetVmAsync("bal-1"))["status"]!["balloonActualMiB"]?.GetValue<int>() is >= 108 and <= 116,
                TimeSpan.FromSeconds(60), "the start applying the balloon target of 112 MiB");

            await using (var balloon = await daemon.CliAsync("vm", "balloon", "bal-1", "--target", "96"))
            {
                Assert.True(balloon.ExitCode == 0, balloon.Output);
                Assert.Matches(@"^vm bal-1: balloon at (9[2-9]|100) MiB \(target 96 MiB of 128 MiB\)$", balloon.StandardOutput.Trim());
            }
            await using var show = await daemon.CliAsync("vm", "show", "bal-1", "-o", "json");
            Assert.True(show.ExitCode == 0, show.Output);
            var vm = JsonNode.Parse(show.StandardOutput)!;
            Assert.Equal(96, vm["spec"]!["balloonTargetMiB"]!.GetValue<int>());
            Assert.InRange(vm["status"]!["balloonActualMiB"]!.GetValue<int>(), 92, 100);
        }
        finally
        {
            await daemon.PostAsync("/v1/vms/bal-1/destroy");
            await daemon.WaitForStateAsync("bal-1", "stopped");
            await daemon.Http.DeleteAsync("/v1/vms/bal-1");
        }
    }
}
