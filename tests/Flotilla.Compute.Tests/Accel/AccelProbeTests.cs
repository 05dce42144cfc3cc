using System.Diagnostics;
using Xunit.Abstractions;

namespace Flotilla.Compute.Tests.Accel;

/// <summary>The real probe on this machine: a kvm boot that works gives kvm, one that hangs (as here) or fails gives tcg.</summary>
[Collection(QemuCollection.Name)]
public sealed class AccelProbeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_probe_boots_once_and_its_verdict_is_cached_with_the_reason()
    {
        await using var host = TestHost.Create(output, o => o with { AccelProbeTimeout = TimeSpan.FromSeconds(3) });
        var clock = Stopwatch.StartNew();

        var verdict = await host.Compute.Accel.ProbeAsync(CancellationToken.None);
        var probed = clock.Elapsed;
        clock.Restart();
        var again = await host.NewCompute().Accel.ProbeAsync(CancellationToken.None);

        output.WriteLine($"{verdict} in {probed.TotalSeconds:0.0} s; cached answer in {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.Contains(verdict.Accel, new[] { AccelVerdict.Kvm, AccelVerdict.Tcg });
        Assert.StartsWith("kvm: ", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(verdict, again);
        Assert.True(File.Exists(Path.Combine(host.DataDir, "accel.json")));
        Assert.Empty(Directory.GetDirectories(host.DataDir, "accel-probe-*"));
        Assert.Empty(host.LiveQemus());
    }

    [Fact]
    public async Task The_qemu_version_is_read_from_qemu()
    {
        await using var host = TestHost.Create(output);

        var version = await host.Compute.Accel.QemuVersionAsync(CancellationToken.None);

        Assert.Matches(@"^\d+\.\d+\.\d+$", version);
    }

    [Fact]
    public async Task No_qemu_on_path_is_a_typed_error()
    {
        await using var host = TestHost.Create(output, o => o with { QemuBinary = "qemu-system-none-such" });

        var e = await Assert.ThrowsAsync<QemuMissingException>(() => host.Compute.Accel.QemuVersionAsync(CancellationToken.None));

        Assert.Equal("qemu-system-none-such", e.Program);
    }
}
