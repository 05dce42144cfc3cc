using Flotilla.Compute.Pools;
using Xunit.Abstractions;

namespace Flotilla.Compute.Tests.Pools;

/// <summary>A VM's disk in a pool's directory: made there, found through the VM's directory, gone with the VM.</summary>
public sealed class DiskPlacementTests(ITestOutputHelper output)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_disk_placed_in_a_pool_lives_there_behind_a_link_and_goes_with_the_vm()
    {
        await using var host = TestHost.Create(output);
        var pool = new DiskPlacement("gold", Path.Combine(host.DataDir, "pools", "gold"));
        PoolDirectory.Ensure(pool.Directory);

        await host.Compute.Vms.PrepareAsync(TestHost.Spec("pooled-1") with { Pool = "gold" }, pool, None);

        var link = Path.Combine(host.DataDir, "vms", "pooled-1", "disk.qcow2");
        Assert.Equal(pool.DiskFor("pooled-1"), new FileInfo(link).LinkTarget);
        Assert.Equal(["pooled-1.qcow2"], Directory.GetFileSystemEntries(pool.Directory).Select(Path.GetFileName));
        var disk = await host.Compute.Disks.DescribeDiskAsync("pooled-1", None);
        Assert.NotNull(disk);
        Assert.Equal(pool.DiskFor("pooled-1"), disk.Path);
        Assert.True(disk.VirtualBytes > disk.AllocatedBytes, $"thin: {disk.VirtualBytes} virtual, {disk.AllocatedBytes} allocated");
        Assert.StartsWith(Path.Combine(host.DataDir, "templates", "tiny-web"), disk.BackingFile);

        // Preparing again (every start does) keeps the disk where it is, even without being told the pool.
        await host.Compute.Vms.PrepareAsync(TestHost.Spec("pooled-1") with { Pool = "gold" }, None);
        Assert.Equal(pool.DiskFor("pooled-1"), new FileInfo(link).LinkTarget);

        // A clone of it lands in the pool it is given, with the source's content on the same base.
        await host.Compute.Vms.CloneAsync(TestHost.Spec("pooled-1") with { Pool = "gold" }, TestHost.Spec("pooled-2") with { Pool = "gold" }, pool, None);
        Assert.Equal(disk.BackingFile, (await host.Compute.Disks.DescribeDiskAsync("pooled-2", None))!.BackingFile);

        await host.Compute.Vms.DeleteAsync("pooled-1", None);
        await host.Compute.Vms.DeleteAsync("pooled-2", None);
        Assert.Empty(Directory.GetFileSystemEntries(pool.Directory));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(host.DataDir, "vms")));
    }

    [Fact]
    public async Task A_file_of_the_disks_name_in_the_pool_is_never_overwritten_and_nothing_is_left_half_made()
    {
        await using var host = TestHost.Create(output);
        var pool = new DiskPlacement("shared", Path.Combine(host.DataDir, "shared"));
        PoolDirectory.Ensure(pool.Directory);
        await File.WriteAllTextAsync(pool.DiskFor("taken-1"), "someone else's");

        var e = await Assert.ThrowsAsync<IOException>(() => host.Compute.Vms.PrepareAsync(TestHost.Spec("taken-1") with { Pool = "shared" }, pool, None));

        Assert.Contains("pool 'shared' already has a file", e.Message);
        Assert.Equal("someone else's", await File.ReadAllTextAsync(pool.DiskFor("taken-1")));
        Assert.Equal(["taken-1.qcow2"], Directory.GetFileSystemEntries(pool.Directory).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(host.DataDir, "vms")));
    }

    [Fact]
    public async Task A_vm_of_another_pool_whose_directory_is_gone_is_not_made_again_in_the_default_pool()
    {
        await using var host = TestHost.Create(output);

        var e = await Assert.ThrowsAsync<IOException>(() => host.Compute.Vms.PrepareAsync(TestHost.Spec("lost-1") with { Pool = "gold" }, None));

        Assert.Contains("pool 'gold'", e.Message);
        Assert.False(Directory.Exists(Path.Combine(host.DataDir, "vms", "lost-1")));
    }

    [Fact]
    public void A_pool_directory_is_made_when_missing_a_file_is_refused_and_the_filesystem_size_is_known()
    {
        var root = Directory.CreateTempSubdirectory("flotilla-pool-").FullName;
        try
        {
            var dir = Path.Combine(root, "a", "b");
            Assert.True(PoolDirectory.Ensure(dir));
            Assert.False(PoolDirectory.Ensure(dir));
            Assert.Empty(Directory.GetFileSystemEntries(dir)); // the write probe is gone
            File.WriteAllText(Path.Combine(root, "file"), "");
            Assert.Contains("is a file", Assert.Throws<IOException>(() => PoolDirectory.Ensure(Path.Combine(root, "file"))).Message);
            Assert.True(PoolDirectory.FileSystemBytes(dir) > 1 << 20);
            PoolDirectory.RemoveIfEmpty(dir);
            Assert.False(Directory.Exists(dir));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
