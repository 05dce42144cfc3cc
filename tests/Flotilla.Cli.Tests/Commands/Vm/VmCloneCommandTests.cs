using System.Text.Json;
using Flotilla.Cli.Tests.Support;
using Flotilla.Testing;

namespace Flotilla.Cli.Tests.Commands.Vm;

/// <summary><c>flotilla vm clone</c> against the protocol fake.</summary>
public sealed class VmCloneCommandTests : IAsyncLifetime
{
    private FakeFlotillad _daemon = null!;

    public async Task InitializeAsync() => _daemon = await FakeFlotillad.StartAsync();

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    [Fact]
    public async Task Clone_sends_the_name_disk_kind_and_forwards_and_prints_how_to_start_it()
    {
        _daemon.Add("web-1");
        await using (var cli = await Run("vm", "clone", "web-1", "web-2", "--forward", "18081:80"))
        {
            FlotillaCli.AssertOk(cli);
            Assert.Equal("vm web-2 cloned from web-1 (stopped); start it with: flotilla vm start web-2", cli.StandardOutput.Trim());
        }
        var body = Assert.Single(_daemon.CloneBodies);
        Assert.Equal("web-2", (string?)body["name"]);
        Assert.Equal(false, (bool?)body["fullClone"]);
        Assert.Equal(["18081:80"], body["forwards"]!.AsArray().Select(f => (string)f!));
        Assert.Equal(VmState.Stopped, _daemon.Find("web-2")!.State);
    }

    [Fact]
    public async Task A_full_clone_with_json_prints_the_new_vm_with_its_own_mac()
    {
        _daemon.Add("web-1");
        await using var cli = await Run("vm", "clone", "web-1", "web-3", "--full-clone", "-o", "json");
        FlotillaCli.AssertOk(cli);
        using var json = JsonDocument.Parse(cli.StandardOutput);
        var spec = json.RootElement.GetProperty("spec");
        Assert.Equal("web-3", spec.GetProperty("name").GetString());
        Assert.True(spec.GetProperty("fullClone").GetBoolean());
        Assert.NotEqual(_daemon.Find("web-1")!.Mac, spec.GetProperty("mac").GetString());
        Assert.Equal(true, (bool?)Assert.Single(_daemon.CloneBodies)["fullClone"]);
    }

    [Fact]
    public async Task Cloning_a_running_vm_is_a_409_which_exits_1()
    {
        _daemon.Add("web-1", power: PowerState.Running);
        await using var cli = await Run("vm", "clone", "web-1", "web-2");
        Assert.Equal("flotilla: VM 'web-1' is running: shut it down before cloning it (live cloning is not supported)", FlotillaCli.AssertOneErrorLine(cli, 1));
        Assert.Null(_daemon.Find("web-2"));
    }

    [Fact]
    public async Task Cloning_an_unknown_vm_exits_2_and_a_bad_forward_is_refused_before_anything_is_sent()
    {
        await using (var unknown = await Run("vm", "clone", "web-9", "web-2"))
        {
            Assert.Equal("flotilla: no VM named 'web-9' on host host-test", FlotillaCli.AssertOneErrorLine(unknown, 2));
        }
        Assert.Equal(1, _daemon.Requests);
        await using var bad = await Run("vm", "clone", "web-9", "web-2", "--forward", "80");
        Assert.Contains("--forward", FlotillaCli.AssertOneErrorLine(bad, 2));
        Assert.Equal(1, _daemon.Requests);
    }

    private Task<LauncherProcess> Run(params string[] args) => FlotillaCli.RunAsync([.. args, "--endpoint", _daemon.UnixEndpoint]);
}
