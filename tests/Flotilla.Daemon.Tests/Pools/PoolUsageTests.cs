using Flotilla.Daemon.Pools;
using Flotilla.Daemon.Vms;

namespace Flotilla.Daemon.Tests.Pools;

public sealed class PoolUsageTests
{
    private const long GiB = 1L << 30;
    private const long MiB = 1L << 20;

    private static VolumeView Volume(long virtualBytes, long allocatedBytes) => new("vm", "/p/vm.qcow2", virtualBytes, allocatedBytes, null);

    [Fact]
    public void Totals_show_thin_provisioning_allocated_against_provisioned_and_the_overcommit()
    {
        var usage = PoolUsage.Of(GiB, [Volume(64 * MiB, MiB), Volume(2 * GiB, 100 * MiB)]);

        Assert.Equal(101 * MiB, usage.AllocatedBytes);
        Assert.Equal(2 * GiB + 64 * MiB, usage.ProvisionedBytes);
        Assert.Equal(GiB - 101 * MiB, usage.FreeBytes);
        Assert.Equal(2.0625, usage.Overcommit);
    }

    [Fact]
    public void A_full_copy_that_does_not_fit_is_refused_saying_what_is_short()
    {
        var usage = new PoolUsage(GiB, 614 * MiB, 0);

        usage.Check("fast", 410 * MiB, "a full clone of tiny-web");
        var e = Assert.Throws<InsufficientCapacityException>(() => usage.Check("fast", 512 * MiB, "a full clone of tiny-web"));

        Assert.Equal("pool 'fast' has 410.0 MiB free of 1.0 GiB; a full clone of tiny-web needs 512.0 MiB", e.Message);
    }

    [Fact]
    public void A_full_pool_takes_not_even_an_empty_overlay_and_an_overfull_one_has_no_negative_room()
    {
        var full = new PoolUsage(GiB, GiB, 4 * GiB);
        var over = new PoolUsage(GiB, GiB + MiB, 4 * GiB);

        Assert.Contains("pool 'fast' is full: 1.0 GiB allocated of 1.0 GiB; a linked clone of tiny-web needs room to write",
            Assert.Throws<InsufficientCapacityException>(() => full.Check("fast", 0, "a linked clone of tiny-web")).Message);
        Assert.Equal(0, over.FreeBytes);
        Assert.Throws<InsufficientCapacityException>(() => over.Check("fast", 0, "a linked clone of tiny-web"));
        new PoolUsage(GiB, GiB - 1, 0).Check("fast", 0, "a linked clone of tiny-web");
    }
}
