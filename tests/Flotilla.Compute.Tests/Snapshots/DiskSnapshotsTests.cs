using Flotilla.Compute.Snapshots;
using Flotilla.Core.Naming;
using Xunit.Abstractions;

namespace Flotilla.Compute.Tests.Snapshots;

/// <summary>Snapshots of a stopped VM: qemu-img on its disk, no QEMU started.</summary>
public sealed class DiskSnapshotsTests(ITestOutputHelper output)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_stopped_vm_gets_disk_only_snapshots_it_can_list_revert_and_delete()
    {
        await using var host = TestHost.Create(output);
        var spec = TestHost.Spec("snap-1");
        Assert.Empty(await host.Compute.Snapshots.ListAsync(spec.Name, None)); // never started: no disk, no snapshots

        var made = await host.Compute.Snapshots.CreateAsync(spec, "clean", memory: false, None); // makes the disk first
        await host.Compute.Snapshots.CreateAsync(spec, "second", memory: false, None);

        Assert.Equal("clean", made.Name);
        Assert.False(made.HasMemory);
        Assert.InRange(made.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(["clean", "second"], (await host.Compute.Snapshots.ListAsync(spec.Name, None)).Select(s => s.Name));
        Assert.Equal("clean", (await host.Compute.Snapshots.RevertAsync(spec, "clean", None)).Name);
        await host.Compute.Snapshots.DeleteAsync(spec.Name, "clean", None);
        Assert.Equal(["second"], (await host.Compute.Snapshots.ListAsync(spec.Name, None)).Select(s => s.Name));
    }

    [Fact]
    public async Task Names_are_unique_must_exist_and_memory_needs_a_running_vm()
    {
        await using var host = TestHost.Create(output);
        var spec = TestHost.Spec("snap-2");
        await host.Compute.Snapshots.CreateAsync(spec, "one", memory: false, None);

        Assert.Equal(SnapshotError.Exists, (await Assert.ThrowsAsync<SnapshotException>(() => host.Compute.Snapshots.CreateAsync(spec, "one", memory: false, None))).Error);
        Assert.Equal(SnapshotError.VmNotRunning, (await Assert.ThrowsAsync<SnapshotException>(() => host.Compute.Snapshots.CreateAsync(spec, "two", memory: true, None))).Error);
        Assert.Equal(SnapshotError.NotFound, (await Assert.ThrowsAsync<SnapshotException>(() => host.Compute.Snapshots.RevertAsync(spec, "nope", None))).Error);
        Assert.Equal(SnapshotError.NotFound, (await Assert.ThrowsAsync<SnapshotException>(() => host.Compute.Snapshots.DeleteAsync(spec.Name, "nope", None))).Error);
        await Assert.ThrowsAsync<InvalidNameException>(() => host.Compute.Snapshots.CreateAsync(spec, "2", memory: false, None));
        await Assert.ThrowsAsync<InvalidNameException>(() => host.Compute.Snapshots.CreateAsync(spec, "Has Space", memory: false, None));
        Assert.Equal(["one"], (await host.Compute.Snapshots.ListAsync(spec.Name, None)).Select(s => s.Name));
    }

    [Fact]
    public async Task A_disk_qemu_img_cannot_read_is_a_failed_snapshot_with_its_words()
    {
        await using var host = TestHost.Create(output);
        var spec = TestHost.Spec("snap-3");
        await host.Compute.Vms.PrepareAsync(spec, None);
        await File.WriteAllTextAsync(Path.Combine(host.DataDir, "vms", spec.Name, "disk.qcow2"), "not a qcow2 image");

        var e = await Assert.ThrowsAsync<SnapshotException>(() => host.Compute.Snapshots.ListAsync(spec.Name, None));

        Assert.Equal(SnapshotError.Failed, e.Error);
        Assert.Contains("qemu-img info", e.Message);
    }
}
