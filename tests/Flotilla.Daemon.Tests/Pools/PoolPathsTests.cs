using Flotilla.Daemon.Pools;

namespace Flotilla.Daemon.Tests.Pools;

public sealed class PoolPathsTests
{
    private const string Templates = "/var/lib/flotilla/templates";

    private static readonly PoolSpec[] Pools =
    [
        new() { Name = "default", Path = "/var/lib/flotilla/vms", CapacityBytes = 1, Tier = PoolTier.Silver },
        new() { Name = "fast", Path = "/srv/fast/", CapacityBytes = 1, Tier = PoolTier.Gold },
    ];

    [Theory]
    [InlineData("/srv/slow", "/srv/slow")]
    [InlineData("/srv/slow/", "/srv/slow")]
    [InlineData("/srv/fast-2", "/srv/fast-2")] // a shared prefix is not nesting
    [InlineData("/srv/x/../slow", "/srv/slow")]
    [InlineData("/var/lib/flotilla/pools/a", "/var/lib/flotilla/pools/a")]
    public void A_directory_apart_from_every_pool_is_normalised(string path, string expected) =>
        Assert.Equal(expected, PoolPaths.Validate(path, Pools, Templates));

    [Theory]
    [InlineData(null, "needs a path")]
    [InlineData("", "needs a path")]
    [InlineData("srv/slow", "must be absolute")]
    [InlineData("./slow", "must be absolute")]
    [InlineData("/", "cannot be /")]
    [InlineData("/srv/fast", "is already pool 'fast'")]
    [InlineData("/srv/fast/../fast/", "is already pool 'fast'")]
    [InlineData("/srv/fast/inner", "is inside pool 'fast'")]
    [InlineData("/srv", "holds pool 'fast'")]
    [InlineData("/var/lib/flotilla/vms/web-1", "inside pool 'default' (/var/lib/flotilla/vms), where VM directories live")]
    [InlineData("/var/lib/flotilla", "holds pool 'default'")]
    [InlineData("/var/lib/flotilla/templates/x", "overlaps the host's template store")]
    public void A_path_that_is_or_nests_with_a_pool_or_the_template_store_is_refused(string? path, string reason) =>
        Assert.Contains(reason, Assert.Throws<InvalidPoolException>(() => PoolPaths.Validate(path, Pools, Templates)).Message);
}
