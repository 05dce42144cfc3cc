using System.Text.Json;
using Flotilla.Cli.Tests.Support;
using Flotilla.Testing;

namespace Flotilla.Cli.Tests.Commands.Vm;

/// <summary><c>flotilla vm balloon</c>: sets the target, then waits until the fake's status has followed.</summary>
public sealed class VmBalloonCommandTests : IAsyncLifetime
{
    private FakeFlotillad _daemon = null!;

    public async Task InitializeAsync()
    {
        _daemon = await FakeFlotillad.StartAsync();
        _daemon.ReconcileDelay = TimeSpan.FromSeconds(1);
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    [Fact]
    public async Task Balloon_waits_until_the_actual_memory_reaches_the_target()
    {
        _daemon.Add("web-1", power: PowerState.Running);
        await using var cli = await Run("vm", "balloon", "web-1", "--target", "96");
        FlotillaCli.AssertOk(cli);
        Assert.Equal("vm web-1: balloon at 96 MiB (target 96 MiB of 128 MiB)", cli.StandardOutput.Trim());
        Assert.Equal(96, _daemon.Find("web-1")!.BalloonActualMiB);
    }

    [Fact]
    public async Task Balloon_with_json_prints_the_vm_as_it_reached_the_target()
    {
        _daemon.Add("web-1", power: PowerState.Running);
        await using var cli = await Run("vm", "balloon", "web-1", "--target", "100", "-o", "json");
        FlotillaCli.AssertOk(cli);
        using var json = JsonDocument.Parse(cli.StandardOutput);
        Assert.Equal(100, json.RootElement.GetProperty("spec").GetProperty("balloonTargetMiB").GetInt32());
        Assert.Equal(100, json.RootElement.GetProperty("status").GetProperty("balloonActualMiB").GetInt32());
    }

    [Fact]
    public async Task A_stopped_vm_keeps_the_target_for_its_next_start_without_waiting()
    {
        _daemon.Add("web-1");
        await using var cli = await Run("vm", "balloon", "web-1", "--target", "96");
        FlotillaCli.AssertOk(cli);
        Assert.Equal("vm web-1: balloon target 96 MiB, applied once it runs (it is stopped)", cli.StandardOutput.Trim());
        Assert.Equal(96, _daemon.Find("web-1")!.BalloonTargetMiB);
    }

    [Fact]
    public async Task A_target_beyond_the_vms_memory_is_a_400_which_exits_2()
    {
        _daemon.Add("web-1", power: PowerState.Running);
        await using var cli = await Run("vm", "balloon", "web-1", "--target", "512");
        Assert.Equal("flotilla: balloon target must be 16 to 128 MiB (got 512)", FlotillaCli.AssertOneErrorLine(cli, 2));
    }

    [Fact]
    public async Task A_balloon_that_never_gets_there_times_out_with_exit_1()
    {
        _daemon.Add("web-1", power: PowerState.Running);
        _daemon.Change("web-1", vm => vm.Stalled = true);
        await using var cli = await Run("vm", "balloon", "web-1", "--target", "96", "--timeout", "1s");
        Assert.Equal("flotilla: vm web-1 is not at its balloon target of 96 MiB after 1 s (it is running); flotillad keeps working on it", FlotillaCli.AssertOneErrorLine(cli, 1));
    }

    private Task<LauncherProcess> Run(params string[] args) => FlotillaCli.RunAsync([.. args, "--endpoint", _daemon.UnixEndpoint]);
}
