using System.Globalization;
using Flotilla.Balancer.L7.Farms;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Flotilla.Balancer.Tests.L7.Farms;

public sealed class HashPolicyTests
{
    [Theory]
    [InlineData(null, "Url", "")]
    [InlineData("url", "Url", "")]
    [InlineData("query", "Query", "")]
    [InlineData("header:X-User", "Header", "X-User")]
    [InlineData("var:HTTP_USER_AGENT", "ServerVariable", "HTTP_USER_AGENT")]
    public void HashOn_forms_parse(string? text, string kind, string name) =>
        Assert.Equal(new HashKeySource(Enum.Parse<HashKeyKind>(kind), name), HashKeySource.Parse(text));

    [Theory]
    [InlineData("cookie:x")]
    [InlineData("header:")]
    [InlineData("path")]
    public void Unknown_HashOn_forms_are_rejected(string text) => Assert.Null(HashKeySource.Parse(text));

    [Fact]
    public void Keys_stick_and_removing_one_of_five_moves_about_a_fifth()
    {
        var (cluster, d) = FarmState.Cluster(new Dictionary<string, string> { [FarmMetadata.HashOn] = "header:X-User" }, ("a", 1), ("b", 1), ("c", 1), ("d", 1), ("e", 1));
        var policy = new HashPolicy();
        var keys = Enumerable.Range(0, 10_000).Select(i => $"user-{i}").ToArray();
        var before = keys.Select(k => Pick(policy, cluster, d, k)).ToArray();
        Assert.Equal(before, keys.Select(k => Pick(policy, cluster, d, k)));

        var remaining = d.Where(x => x.DestinationId != "c").ToArray();
        var after = keys.Select(k => Pick(policy, cluster, remaining, k)).ToArray();

        var moved = keys.Where((_, i) => before[i] != after[i]).Count();
        var movedFromOthers = keys.Where((_, i) => before[i] != "c" && before[i] != after[i]).Count();
        Assert.InRange(moved / 10_000.0, 0.17, 0.23);
        Assert.True(movedFromOthers <= 200, $"{movedFromOthers} keys of surviving destinations moved");
        Assert.All(Enumerable.Range(0, 5), i => Assert.InRange(before.Count(p => p == d[i].DestinationId), 1800, 2200));
    }

    [Fact]
    public void Weights_set_the_share_of_keys()
    {
        var (cluster, d) = FarmState.Cluster(new Dictionary<string, string> { [FarmMetadata.HashOn] = "url" }, ("a", 1), ("b", 3));
        var policy = new HashPolicy();
        var toB = Enumerable.Range(0, 8000).Count(i => PickUrl(policy, cluster, d, $"/item/{i}") == "b");
        Assert.InRange(toB, 5700, 6300);
    }

    [Fact]
    public async Task A_real_router_keeps_keys_on_their_backend_and_moves_about_a_third_when_one_of_three_goes_unhealthy()
    {
        var backends = await FarmBackend.StartManyAsync("a", "b", "c");
        try
        {
            await using var proxy = await FarmProxy.StartAsync(new ClusterConfig
            {
                LoadBalancingPolicy = FarmPolicyNames.Hash,
                Metadata = new Dictionary<string, string> { [FarmMetadata.HashOn] = "var:QUERY_STRING" },
                HealthCheck = new HealthCheckConfig
                {
                    AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyAndUnknown,
                    Active = new ActiveHealthCheckConfig { Enabled = true, Interval = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromSeconds(1), Policy = FarmPolicyNames.ActiveHealth, Path = "/health" },
                },
                Destinations = FarmProxy.Destinations(backends),
            });
            var keys = Enumerable.Range(0, 300).Select(i => $"/?user={i}").ToArray();
            var before = await Task.WhenAll(keys.Select(k => proxy.GetAsync(k)));
            Assert.Equal(before, await Task.WhenAll(keys.Select(k => proxy.GetAsync(k))));
            Assert.All(new[] { "a", "b", "c" }, n => Assert.InRange(before.Count(b => b == n), 70, 130));

            backends[2].HealthBody = "broken";
            await backends[2].StopAsync();
            await Flotilla.Testing.Wait.UntilAsync(bool () => !proxy.IsAvailable("c"), TimeSpan.FromSeconds(5), "c unhealthy");
            var after = await Task.WhenAll(keys.Select(k => proxy.GetAsync(k)));

            Assert.All(after, a => Assert.NotNull(a));
            Assert.DoesNotContain("c", after);
            var movedFromSurvivors = keys.Where((_, i) => before[i] != "c" && before[i] != after[i]).Count();
            Assert.True(movedFromSurvivors <= 6, $"{movedFromSurvivors} of the survivors' keys moved");
        }
        finally
        {
            await Task.WhenAll(backends.Select(b => b.StopAsync()));
        }
    }

    private static string Pick(HashPolicy policy, Yarp.ReverseProxy.Model.ClusterState cluster, IReadOnlyList<Yarp.ReverseProxy.Model.DestinationState> destinations, string user)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["X-User"] = user;
        return policy.PickDestination(context, cluster, destinations)!.DestinationId;
    }

    private static string PickUrl(HashPolicy policy, Yarp.ReverseProxy.Model.ClusterState cluster, IReadOnlyList<Yarp.ReverseProxy.Model.DestinationState> destinations, string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Request.QueryString = new QueryString("?v=" + path.Length.ToString(CultureInfo.InvariantCulture));
        return policy.PickDestination(context, cluster, destinations)!.DestinationId;
    }
}
