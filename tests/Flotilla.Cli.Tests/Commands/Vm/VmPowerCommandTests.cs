using System.Text.Json;
using Flotilla.Cli.Tests.Support;
using Flotilla.Testing;

namespace Flotilla.Cli.Tests.Commands.Vm;

/// <summary>
/// The verbs change the spec, then wait until the status follows. The fake's status lags by
/// <see cref="FakeFlotillad.ReconcileDelay"/>, so a right final state proves the command waited.
/// </summary>
public sealed class VmPowerCommandTests : IAsyncLifetime
{
    private FakeFlotillad _daemon = null!;

    public async Task InitializeAsync()
    {
        _daemon = await FakeFlotillad.StartAsync();
        _daemon.ReconcileDelay = TimeSpan.FromSeconds(1);
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    [Fact]
    public async Task Start_waits_until_running()
    {
        _daemon.Add("web-1");
        await using var cli = await Run("vm", "start", "web-1");
        FlotillaCli.AssertOk(cli);
        Assert.Equal("vm web-1 is running", cli.StandardOutput.Trim());
        Assert.Equal(VmState.Running, _daemon.Find("web-1")!.State);
    }

    [Fact]
    public async Task Start_with_json_prints_the_vm_as_it_reached_running()
    {
        _daemon.Add("web-1");
        await using var cli = await Run("vm", "start", "web-1", "-o", "json");
        FlotillaCli.AssertOk(cli);
        using var json = JsonDocument.Parse(cli.StandardOutput);
        Assert.Equal("running", json.RootElement.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal(4242, json.RootElement.GetProperty("status").GetProperty("pid").GetInt32());
    }

    [Fact]
    public async Task Shutdown_waits_until_stopped()
    {
        _daemon.Add("web-1", power: PowerState.Running);
        await using var cli = await Run("vm", "shutdown", "web-1", "-o", "json");
        FlotillaCli.AssertOk(cli);
        using var json = JsonDocument.Parse(cli.StandardOutput);
        Assert.Equal("stopped", json.RootElement.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal(VmState.Stopped, _daemon.Find("web-1")!.State);
    }

    [Fact]
    public async Task Pause_then_resume_wait_for_paused_and_running()
    {
        _daemon.Add("web-1", power: PowerState.Running);
        await using (var pause = await Run("vm", "pause", "web-1"))
        {
            FlotillaCli.AssertOk(pause);
            Assert.Equal("vm web-1 is paused", pause.StandardOutput.Trim());
        }
        await using var resume = await Run("vm", "resume", "web-1");
        FlotillaCli.AssertOk(resume);
        Assert.Equal("vm web-1 is running", resume.StandardOutput.Trim());
    }

    [Fact]
    public async Task Reboot_waits_until_the_new_generation_is_observed_and_running()
    {
        _daemon.Add("web-1", power: PowerState.Running);
        await using var cli = await Run("vm", "reboot", "web-1", "-o", "json");
        FlotillaCli.AssertOk(cli);
        using var json = JsonDocument.Parse(cli.StandardOutput);
        Assert.Equal(1, json.RootElement.GetProperty("spec").GetProperty("rebootGeneration").GetInt64());
        Assert.Equal(1, json.RootElement.GetProperty("status").GetProperty("observedRebootGeneration").GetInt64());
        Assert.Equal("running", json.RootElement.GetProperty("status").GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("destroy")]
    [InlineData("shutdown")]
    public async Task A_transient_vm_that_is_gone_after_it_stops_counts_as_done(string verb)
    {
        _daemon.Add("tmp-1", power: PowerState.Running, transient: true);
        await using (var cli = await Run("vm", verb, "tmp-1"))
        {
            FlotillaCli.AssertOk(cli);
            Assert.Equal("vm tmp-1 is stopped and gone (it was transient)", cli.StandardOutput.Trim());
        }
        Assert.Null(_daemon.Find("tmp-1"));
    }

    [Fact]
    public async Task A_verb_on_an_unknown_vm_prints_the_problem_detail_and_exits_2()
    {
        await using var cli = await Run("vm", "start", "web-9");
        Assert.Equal("flotilla: no VM named 'web-9' on host host-test", FlotillaCli.AssertOneErrorLine(cli, 2));
    }

    [Fact]
    public async Task A_vm_that_fails_to_start_prints_its_status_message_and_exits_1()
    {
        _daemon.Add("web-1");
        _daemon.Change("web-1", vm => vm.StartFailure = "qemu-system-x86_64 exited with 1: could not open disk image");
        await using var cli = await Run("vm", "start", "web-1");
        Assert.Equal("flotilla: vm web-1 failed: qemu-system-x86_64 exited with 1: could not open disk image", FlotillaCli.AssertOneErrorLine(cli, 1));
    }

    [Fact]
    public async Task Starting_a_failed_vm_waits_for_the_new_attempt_instead_of_reporting_the_old_failure()
    {
        _daemon.Add("web-1", power: PowerState.Running, state: VmState.Failed);
        _daemon.Change("web-1", vm => vm.Message = "the last attempt failed");
        await using var cli = await Run("vm", "start", "web-1");
        FlotillaCli.AssertOk(cli);
        Assert.Equal("vm web-1 is running", cli.StandardOutput.Trim());
    }

    [Fact]
    public async Task A_status_that_never_follows_times_out_with_exit_1_and_says_where_it_stands()
    {
        _daemon.Add("web-1");
        _daemon.Change("web-1", vm => vm.Stalled = true);
        await using var cli = await Run("vm", "start", "web-1", "--timeout", "1s");
        Assert.Equal("flotilla: vm web-1 is not running after 1 s (it is stopped); flotillad keeps working on it", FlotillaCli.AssertOneErrorLine(cli, 1));
    }

    [Fact]
    public async Task Ctrl_c_stops_the_wait_with_exit_130_and_the_verb_stands()
    {
        _daemon.Add("web-1");
        _daemon.Change("web-1", vm => vm.Stalled = true);
        await using var cli = LauncherProcess.Start("flotilla", ["vm", "start", "web-1", "--endpoint", _daemon.UnixEndpoint]);
        await Wait.UntilAsync(() => _daemon.Requests >= 3 || cli.HasExited, TimeSpan.FromSeconds(30), "the CLI polling");
        cli.Signal("INT");
        await cli.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("flotilla: interrupted while waiting for vm web-1 to be running; flotillad keeps working on it", FlotillaCli.AssertOneErrorLine(cli, 130));
        Assert.Equal(PowerState.Running, _daemon.Find("web-1")!.Power);
    }

    private Task<LauncherProcess> Run(params string[] args) => FlotillaCli.RunAsync([.. args, "--endpoint", _daemon.UnixEndpoint]);
}
