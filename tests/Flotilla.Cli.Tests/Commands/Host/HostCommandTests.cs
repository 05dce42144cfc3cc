using System.Text.Json;
using Flotilla.Cli.Tests.Support;
using Flotilla.Testing;

namespace Flotilla.Cli.Tests.Commands.Host;

/// <summary><c>flotilla host show</c>.</summary>
public sealed class HostCommandTests : IAsyncLifetime
{
    private FakeFlotillad _daemon = null!;

    public async Task InitializeAsync() => _daemon = await FakeFlotillad.StartAsync();

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    [Fact]
    public async Task Json_has_the_accel_key_the_compute_acceptance_test_reads()
    {
        await using var cli = await Run("host", "show", "-o", "json");
        FlotillaCli.AssertOk(cli);
        using var json = JsonDocument.Parse(cli.StandardOutput);
        Assert.Equal("tcg", json.RootElement.GetProperty("accel").GetString());
        Assert.Equal("kvm: /dev/kvm is missing", json.RootElement.GetProperty("accelReason").GetString());
    }

    [Fact]
    public async Task The_table_says_which_acceleration_and_why_and_allocated_against_capacity()
    {
        _daemon.Add("web-1", power: PowerState.Running);
        await using var cli = await Run("host", "show");
        FlotillaCli.AssertOk(cli);
        Assert.Equal(
            """
            name:   host-test
            accel:  tcg (kvm: /dev/kvm is missing)
            qemu:   7.2.19
            cpus:   1 of 8 allocated (2 cores, 0 reserved, overcommit 4.0)
            memory: 128 of 23081 MiB allocated (24105 MiB, 1024 reserved, overcommit 1.0)
            vms:    1

            """, cli.StandardOutput);
    }

    private Task<LauncherProcess> Run(params string[] args) => FlotillaCli.RunAsync([.. args, "--endpoint", _daemon.UnixEndpoint]);
}
