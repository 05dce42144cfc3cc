using System.Text.Json;
using Flotilla.Cli.Tests.Support;
using Flotilla.Testing;

namespace Flotilla.Cli.Tests.Commands.Vm;

/// <summary><c>flotilla vm snapshot create|list|revert|delete</c> against the protocol fake.</summary>
public sealed class VmSnapshotCommandTests : IAsyncLifetime
{
    private FakeFlotillad _daemon = null!;

    public async Task InitializeAsync() => _daemon = await FakeFlotillad.StartAsync();

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    [Fact]
    public async Task A_running_vm_takes_a_memory_snapshot_lists_it_reverts_to_it_and_deletes_it()
    {
        _daemon.Add("web-1", power: PowerState.Running);
        await using (var create = await Run("vm", "snapshot", "create", "web-1", "booted", "--memory"))
        {
            FlotillaCli.AssertOk(create);
            Assert.Equal("vm web-1: snapshot booted created (disk and memory, 63.3 MiB of VM state)", create.StandardOutput.Trim());
        }
        await using (var create = await Run("vm", "snapshot", "create", "web-1", "disk-1"))
        {
            FlotillaCli.AssertOk(create);
            Assert.Equal("vm web-1: snapshot disk-1 created (disk only)", create.StandardOutput.Trim());
        }
        await using (var list = await Run("vm", "snapshot", "list", "web-1"))
        {
            FlotillaCli.AssertOk(list);
            var lines = list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["NAME", "CREATED", "MEMORY", "VM", "STATE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            var booted = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["booted", "yes", "63.3", "MiB"], [booted[0], .. booted[3..]]);
            Assert.True(DateTimeOffset.TryParse($"{booted[1]} {booted[2]}", out _), lines[1]);
            var disk = lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["disk-1", "no", "-"], [disk[0], .. disk[3..]]);
            Assert.Equal(lines[0].IndexOf("MEMORY", StringComparison.Ordinal), lines[1].IndexOf("yes", StringComparison.Ordinal));
            Assert.Equal(lines[0].IndexOf("VM STATE", StringComparison.Ordinal), lines[1].IndexOf("63.3", StringComparison.Ordinal));
        }
        await using (var revert = await Run("vm", "snapshot", "revert", "web-1", "booted"))
        {
            FlotillaCli.AssertOk(revert);
            Assert.Equal("vm web-1 reverted to snapshot booted (disk and memory: it carries on from there)", revert.StandardOutput.Trim());
        }
        await using (var delete = await Run("vm", "snapshot", "delete", "web-1", "booted"))
        {
            FlotillaCli.AssertOk(delete);
            Assert.Equal("vm web-1: snapshot booted deleted", delete.StandardOutput.Trim());
        }
        Assert.Equal(["disk-1"], _daemon.Find("web-1")!.Snapshots.Select(s => s.Name));
    }

    [Fact]
    public async Task Json_output_is_the_apis_snapshot_and_list()
    {
        _daemon.Add("web-1");
        await using (var create = await Run("vm", "snapshot", "create", "web-1", "cold", "-o", "json"))
        {
            FlotillaCli.AssertOk(create);
            using var json = JsonDocument.Parse(create.StandardOutput);
            Assert.Equal("cold", json.RootElement.GetProperty("name").GetString());
            Assert.False(json.RootElement.GetProperty("memory").GetBoolean());
        }
        await using (var list = await Run("vm", "snapshot", "list", "web-1", "-o", "json"))
        {
            FlotillaCli.AssertOk(list);
            using var json = JsonDocument.Parse(list.StandardOutput);
            Assert.Equal("cold", Assert.Single(json.RootElement.EnumerateArray()).GetProperty("name").GetString());
        }
        await using var revert = await Run("vm", "snapshot", "revert", "web-1", "cold");
        FlotillaCli.AssertOk(revert);
        Assert.Equal("vm web-1 reverted to snapshot cold (disk: its next start boots from there)", revert.StandardOutput.Trim());
    }

    [Fact]
    public async Task An_empty_list_says_how_to_take_one()
    {
        _daemon.Add("web-1");
        await using var list = await Run("vm", "snapshot", "list", "web-1");
        FlotillaCli.AssertOk(list);
        Assert.Equal("vm web-1 has no snapshots (take one with: flotilla vm snapshot create web-1 NAME)", list.StandardOutput.Trim());
    }

    [Theory]
    [InlineData(new[] { "create", "web-1", "two", "--memory" }, 1, "flotilla: VM 'web-1' is not running, so it has no memory to save")]
    [InlineData(new[] { "create", "web-1", "one" }, 1, "flotilla: VM 'web-1' already has a snapshot named 'one'")]
    [InlineData(new[] { "create", "web-1", "42" }, 2, "flotilla: invalid snapshot name '42'")]
    [InlineData(new[] { "revert", "web-1", "nope" }, 2, "flotilla: VM 'web-1' has no snapshot named 'nope'")]
    [InlineData(new[] { "delete", "web-1", "nope" }, 2, "flotilla: VM 'web-1' has no snapshot named 'nope'")]
    [InlineData(new[] { "list", "web-9" }, 2, "flotilla: no VM named 'web-9' on host host-test")]
    public async Task Refusals_are_one_line_with_the_exit_code_of_their_kind(string[] args, int exitCode, string line)
    {
        _daemon.Add("web-1");
        _daemon.Change("web-1", vm => vm.Snapshots.Add(new FakeSnapshot("one", DateTimeOffset.UtcNow, Memory: false)));
        await using var cli = await Run(["vm", "snapshot", .. args]);
        Assert.Equal(line, FlotillaCli.AssertOneErrorLine(cli, exitCode));
    }

    [Fact]
    public async Task A_running_vm_cannot_revert_to_a_disk_only_snapshot()
    {
        _daemon.Add("web-1", power: PowerState.Running);
        _daemon.Change("web-1", vm => vm.Snapshots.Add(new FakeSnapshot("disk-1", DateTimeOffset.UtcNow, Memory: false)));
        await using var cli = await Run("vm", "snapshot", "revert", "web-1", "disk-1");
        Assert.Equal("flotilla: snapshot 'disk-1' of VM 'web-1' has no memory state: stop it first", FlotillaCli.AssertOneErrorLine(cli, 1));
    }

    private Task<LauncherProcess> Run(params string[] args) => FlotillaCli.RunAsync([.. args, "--endpoint", _daemon.UnixEndpoint]);
}
