using Flotilla.Balancer.L7.Farms;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.SessionAffinity;

namespace Flotilla.Balancer.Tests.L7.Farms;

public sealed class HostNameAffinityPolicyTests : IDisposable
{
    private static readonly SessionAffinityConfig Config = new() { Enabled = true, Policy = FarmPolicyNames.HostNameAffinity, AffinityKeyName = "host" };
    private readonly string _store = Path.Combine(Path.GetTempPath(), $"flotilla-affinity-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_store + suffix);
        }
    }

    [Fact]
    public async Task Two_routers_racing_on_one_sqlite_file_agree_on_every_host()
    {
        // Router one would pick the first destination, router two the last: only the store makes them agree.
        var (cluster, d) = FarmState.Cluster(("a", 1), ("b", 1), ("c", 1));
        var one = Policy(new SqliteAffinityTable(_store), new FixedPick(0));
        var two = Policy(new SqliteAffinityTable(_store), new FixedPick(2));
        var hosts = Enumerable.Range(0, 40).Select(i => $"site{i}.example").ToArray();

        var results = await Task.WhenAll(hosts.SelectMany(h => new[] { Task.Run(() => FindAsync(one, cluster, d, h)), Task.Run(() => FindAsync(two, cluster, d, h)) }));

        for (var i = 0; i < hosts.Length; i++)
        {
            Assert.Equal(results[2 * i], results[(2 * i) + 1]);
        }
    }

    [Fact]
    public async Task A_router_that_comes_second_adopts_the_first_routers_pin()
    {
        var (cluster, d) = FarmState.Cluster(("a", 1), ("b", 1), ("c", 1));
        var one = Policy(new SqliteAffinityTable(_store), new FixedPick(0));
        var two = Policy(new SqliteAffinityTable(_store), new FixedPick(2));
        Assert.Equal("a", await FindAsync(one, cluster, d, "blog.example"));
        Assert.Equal("a", await FindAsync(two, cluster, d, "blog.example"));
        Assert.Equal("c", await FindAsync(two, cluster, d, "wiki.example"));
        Assert.Equal("c", await FindAsync(one, cluster, d, "wiki.example"));
    }

    [Fact]
    public async Task A_pin_to_an_unavailable_destination_is_moved_for_both_routers()
    {
        var (cluster, d) = FarmState.Cluster(("a", 1), ("b", 1));
        var one = Policy(new SqliteAffinityTable(_store), new FixedPick(0));
        var two = Policy(new SqliteAffinityTable(_store), new FixedPick(0));
        Assert.Equal("a", await FindAsync(one, cluster, d, "shop.example"));

        Assert.Equal("b", await FindAsync(two, cluster, [d[1]], "shop.example"));
        Assert.Equal("b", await new SqliteAffinityTable(_store).GetAsync("farm", "shop.example", CancellationToken.None));
        Assert.Equal("b", await FindAsync(two, cluster, d, "shop.example"));
    }

    [Fact]
    public async Task Compare_and_set_loses_to_a_newer_pin()
    {
        var table = new SqliteAffinityTable(_store);
        Assert.Equal("a", await table.CompareAndSetAsync("farm", "h", null, "a", CancellationToken.None));
        Assert.Equal("a", await table.CompareAndSetAsync("farm", "h", null, "b", CancellationToken.None));
        Assert.Equal("c", await table.CompareAndSetAsync("farm", "h", "a", "c", CancellationToken.None));
        Assert.Equal("c", await table.CompareAndSetAsync("farm", "h", "a", "b", CancellationToken.None));
    }

    [Fact]
    public async Task Two_real_routers_sharing_a_store_send_each_host_to_one_backend_and_repin_when_it_stops()
    {
        var backends = await FarmBackend.StartManyAsync("a", "b", "c");
        try
        {
            var cluster = new ClusterConfig
            {
                LoadBalancingPolicy = LoadBalancingPolicies.Random,
                SessionAffinity = Config,
                HealthCheck = new HealthCheckConfig
                {
                    Active = new ActiveHealthCheckConfig { Enabled = true, Interval = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromSeconds(1), Policy = FarmPolicyNames.ActiveHealth, Path = "/health" },
                },
                Destinations = FarmProxy.Destinations(backends),
            };
            await using var one = await FarmProxy.StartAsync(cluster, new FarmPolicyOptions { AffinityStorePath = _store });
            await using var two = await FarmProxy.StartAsync(cluster, new FarmPolicyOptions { AffinityStorePath = _store });
            var hosts = Enumerable.Range(0, 30).Select(i => $"site{i}.example").ToArray();

            var first = await Task.WhenAll(hosts.Select(h => one.GetAsync(host: h)));
            for (var round = 0; round < 3; round++)
            {
                Assert.Equal(first, await Task.WhenAll(hosts.Select((h, i) => (i % 2 == 0 ? two : one).GetAsync(host: h))));
            }

            Assert.True(first.Distinct().Count() > 1, "random first picks spread over backends");
            var victim = first[0]!;
            var pinnedToVictim = hosts.Where((_, i) => first[i] == victim).ToArray();
            await backends.Single(b => b.Name == victim).StopAsync();
            await Flotilla.Testing.Wait.UntilAsync(
                bool () => !one.IsAvailable(victim) && !two.IsAvailable(victim),
                TimeSpan.FromSeconds(5),
                "victim unhealthy on both routers");

            var moved = await Task.WhenAll(pinnedToVictim.Select(h => two.GetAsync(host: h)));
            Assert.All(moved, m => Assert.True(m is not null && m != victim, $"answered by {m}"));
            Assert.Equal(moved, await Task.WhenAll(pinnedToVictim.Select(h => one.GetAsync(host: h))));
            var table = new SqliteAffinityTable(_store);
            for (var i = 0; i < pinnedToVictim.Length; i++)
            {
                Assert.Equal(moved[i], await table.GetAsync(FarmProxy.ClusterId, pinnedToVictim[i], CancellationToken.None));
            }
        }
        finally
        {
            await Task.WhenAll(backends.Select(b => b.StopAsync()));
        }
    }

    private static HostNameAffinityPolicy Policy(IAffinityTable table, ILoadBalancingPolicy picker) =>
        new(table, [picker], new FarmPolicyOptions(), NullLogger<HostNameAffinityPolicy>.Instance);

    private static async Task<string?> FindAsync(HostNameAffinityPolicy policy, ClusterState cluster, IReadOnlyList<DestinationState> destinations, string host)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host, 8080);
        var result = await policy.FindAffinitizedDestinationsAsync(context, cluster, Config, destinations, CancellationToken.None);
        Assert.Equal(AffinityStatus.OK, result.Status);
        return Assert.Single(result.Destinations!).DestinationId;
    }

    /// <summary>A load-balancing policy that always picks the n-th available destination (the last when fewer).</summary>
    private sealed class FixedPick(int index) : ILoadBalancingPolicy
    {
        public string Name => LoadBalancingPolicies.PowerOfTwoChoices;

        public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations) =>
            availableDestinations[Math.Min(index, availableDestinations.Count - 1)];
    }
}
