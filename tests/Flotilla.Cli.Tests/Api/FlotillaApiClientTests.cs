using Flotilla.Cli.Tests.Support;

namespace Flotilla.Cli.Tests.Api;

/// <summary>The client in process against the protocol fake: typed values, raw JSON, problems.</summary>
public sealed class FlotillaApiClientTests : IAsyncLifetime
{
    private FakeFlotillad _daemon = null!;

    public async Task InitializeAsync() => _daemon = await FakeFlotillad.StartAsync("token");

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    [Fact]
    public async Task A_vm_reads_into_the_records_with_camel_case_enums()
    {
        _daemon.Add("web-1", power: PowerState.Running, state: VmState.ShuttingDown);
        _daemon.ReconcileDelay = TimeSpan.FromHours(1);
        _daemon.Change("web-1", vm => vm.Power = PowerState.Stopped);
        using var client = new FlotillaApiClient(FlotillaEndpoint.Parse(_daemon.UnixEndpoint), token: null);
        var vm = await client.GetVmAsync("web-1", CancellationToken.None);
        Assert.Equal(VmState.ShuttingDown, vm.Value.Status.State);
        Assert.Equal(PowerState.Stopped, vm.Value.Spec.Power);
        Assert.Equal(CrashPolicy.Preserve, vm.Value.Spec.OnCrash);
        Assert.Equal("host-test", vm.Value.Status.Host);
        Assert.Contains("\"shuttingDown\"", vm.Json);
    }

    [Fact]
    public async Task A_problem_keeps_its_type_status_and_detail()
    {
        using var client = new FlotillaApiClient(FlotillaEndpoint.Parse(_daemon.UnixEndpoint), token: null);
        var e = await Assert.ThrowsAsync<ApiProblemException>(() => client.SendVerbAsync("web-9", VmVerb.Start, CancellationToken.None));
        Assert.Equal("https://flotilla.dev/problems/vm-not-found", e.Type);
        Assert.Equal("vm-not-found", e.Kind);
        Assert.Equal(404, e.Status);
        Assert.Equal("no VM named 'web-9' on host host-test", e.Detail);
    }

    [Fact]
    public async Task A_bare_error_status_still_says_what_was_refused()
    {
        _daemon.Add("web-1");
        using var client = new FlotillaApiClient(FlotillaEndpoint.Parse(_daemon.UnixEndpoint), token: null);
        // A verb this daemon does not know: its route answers a bare 404, no problem document.
        var e = await Assert.ThrowsAsync<ApiProblemException>(() => client.SendVerbAsync("web-1", (VmVerb)99, CancellationToken.None));
        Assert.Null(e.Type);
        Assert.Equal(404, e.Status);
        Assert.Equal($"flotillad at {_daemon.UnixEndpoint} answered POST /v1/vms/web-1/99 with 404 Not Found", e.Detail);
    }

    [Fact]
    public async Task A_name_is_escaped_into_one_path_segment()
    {
        using var client = new FlotillaApiClient(FlotillaEndpoint.Parse(_daemon.UnixEndpoint), token: null);
        var e = await Assert.ThrowsAsync<ApiProblemException>(() => client.GetVmAsync("../host", CancellationToken.None));
        Assert.Equal("vm-not-found", e.Kind);
    }

    [Fact]
    public async Task The_token_goes_only_to_a_tcp_endpoint()
    {
        using var tcp = new FlotillaApiClient(FlotillaEndpoint.Parse(_daemon.HttpEndpoint!), "token");
        Assert.Equal("tcg", (await tcp.GetHostAsync(CancellationToken.None)).Value.Accel);
        using var without = new FlotillaApiClient(FlotillaEndpoint.Parse(_daemon.HttpEndpoint!), token: null);
        var e = await Assert.ThrowsAsync<ApiProblemException>(() => without.GetHostAsync(CancellationToken.None));
        Assert.Equal(("unauthorized", 401), (e.Kind, e.Status));
    }

    [Fact]
    public async Task No_daemon_is_unreachable_not_a_problem()
    {
        using var client = new FlotillaApiClient(FlotillaEndpoint.Parse(_daemon.UnixEndpoint + ".missing"), token: null);
        var e = await Assert.ThrowsAsync<DaemonUnreachableException>(() => client.ListVmsAsync(CancellationToken.None));
        Assert.Contains("is it running?", e.Message);
    }
}
