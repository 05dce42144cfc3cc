using System.Text.Json;
using Flotilla.Cli.Tests.Support;
using Flotilla.Testing;

namespace Flotilla.Cli.Tests.Commands.Vm;

/// <summary><c>vm undefine</c>, <c>vm console</c> and <c>vm autostart</c>.</summary>
public sealed class VmCommandTests : IAsyncLifetime
{
    private FakeFlotillad _daemon = null!;

    public async Task InitializeAsync() => _daemon = await FakeFlotillad.StartAsync();

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    [Fact]
    public async Task Undefine_removes_a_stopped_vm()
    {
        _daemon.Add("web-1");
        await using var cli = await Run("vm", "undefine", "web-1");
        FlotillaCli.AssertOk(cli);
        Assert.Equal("vm web-1 undefined", cli.StandardOutput.Trim());
        Assert.Null(_daemon.Find("web-1"));
    }

    [Fact]
    public async Task Undefine_of_a_running_vm_is_a_409_which_exits_1()
    {
        _daemon.Add("web-1", power: PowerState.Running);
        await using var cli = await Run("vm", "undefine", "web-1");
        Assert.Equal("flotilla: VM 'web-1' is running: stop it first (flotilla vm shutdown web-1)", FlotillaCli.AssertOneErrorLine(cli, 1));
        Assert.NotNull(_daemon.Find("web-1"));
    }

    [Fact]
    public async Task Console_prints_the_log_or_its_tail()
    {
        _daemon.Add("web-1", power: PowerState.Running);
        await using (var all = await Run("vm", "console", "web-1"))
        {
            FlotillaCli.AssertOk(all);
            Assert.Equal(10, all.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        await using var tail = await Run("vm", "console", "web-1", "--tail", "3");
        FlotillaCli.AssertOk(tail);
        Assert.Equal(["console line 8", "console line 9", "console line 10"], tail.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Console_refuses_a_tail_of_zero_lines()
    {
        await using var cli = await Run("vm", "console", "web-1", "--tail", "0");
        Assert.Contains("--tail", FlotillaCli.AssertOneErrorLine(cli, 2));
    }

    [Fact]
    public async Task Autostart_enables_and_disables()
    {
        _daemon.Add("web-1");
        await using (var enable = await Run("vm", "autostart", "web-1"))
        {
            FlotillaCli.AssertOk(enable);
            Assert.Equal("vm web-1: autostart enabled", enable.StandardOutput.Trim());
        }
        Assert.True(_daemon.Find("web-1")!.Autostart);
        await using var disable = await Run("vm", "autostart", "web-1", "--disable", "-o", "json");
        FlotillaCli.AssertOk(disable);
        using var json = JsonDocument.Parse(disable.StandardOutput);
        Assert.False(json.RootElement.GetProperty("spec").GetProperty("autostart").GetBoolean());
        Assert.False(_daemon.Find("web-1")!.Autostart);
    }

    private Task<LauncherProcess> Run(params string[] args) => FlotillaCli.RunAsync([.. args, "--endpoint", _daemon.UnixEndpoint]);
}
