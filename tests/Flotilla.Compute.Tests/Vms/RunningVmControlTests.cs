using Flotilla.Compute.Qemu.Qmp.Commands;
using Flotilla.Testing;

namespace Flotilla.Compute.Tests.Vms;

/// <summary>One booted guest, shared by the tests of this class: pause, resume, balloon.</summary>
[Collection(QemuCollection.Name)]
public sealed class RunningVmControlTests(RunningVmControlTests.BootedGuest guest) : IClassFixture<RunningVmControlTests.BootedGuest>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Pause_and_resume_round_trip_through_query_status()
    {
        await guest.Host.Compute.Vms.PauseAsync(guest.Vm, None);
        Assert.Equal("paused", await StatusAsync());

        await guest.Host.Compute.Vms.ResumeAsync(guest.Vm, None);
        Assert.Equal("running", await StatusAsync());
    }

    [Fact]
    public async Task The_balloon_takes_the_guest_to_its_target_and_back()
    {
        var shrunk = await guest.Host.Compute.Vms.SetBalloonAsync(guest.Vm, 96, None);
        Assert.NotNull(shrunk);
        Assert.InRange(shrunk.Value, 95, 97);

        var restored = await guest.Host.Compute.Vms.SetBalloonAsync(guest.Vm, 128, None);
        Assert.InRange(restored!.Value, 127, 129);
    }

    private async Task<string?> StatusAsync() => (await guest.Vm.Qmp.ExecuteAsync(new QueryStatus())).Status;

    /// <summary>A 128 MiB guest booted until its init is ready (its balloon driver is loaded by then).</summary>
    public sealed class BootedGuest : IAsyncLifetime
    {
        public TestHost Host { get; } = TestHost.Create();
        public RunningVm Vm { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var spec = TestHost.Spec("control-1", userData: null);
            Vm = await Host.Compute.Vms.StartAsync(spec, AccelVerdict.Tcg, None);
            var console = Host.Compute.Vms.ConsoleLogPath(spec.Name);
            await Wait.UntilAsync(() => File.Exists(console) && File.ReadAllText(console).Contains("flotilla-init: ready", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), "the guest's init is ready");
        }

        public async Task DisposeAsync()
        {
            await Host.Compute.Vms.DestroyAsync(Vm, None);
            await Host.DisposeAsync();
        }
    }
}
