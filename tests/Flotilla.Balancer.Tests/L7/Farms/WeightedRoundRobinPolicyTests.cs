using Flotilla.Balancer.L7.Farms;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Configuration;

namespace Flotilla.Balancer.Tests.L7.Farms;

public sealed class WeightedRoundRobinPolicyTests
{
    [Fact]
    public void Weights_five_one_one_interleave_as_nginx_does()
    {
        var (cluster, destinations) = FarmState.Cluster(("a", 5), ("b", 1), ("c", 1));
        var policy = new WeightedRoundRobinPolicy();
        var picks = string.Concat(Enumerable.Range(0, 14).Select(_ => policy.PickDestination(new DefaultHttpContext(), cluster, destinations)!.DestinationId));
        Assert.Equal("aabacaaaabacaa", picks);
    }

    [Fact]
    public void Weight_zero_takes_no_new_requests_and_all_zero_gives_none()
    {
        var (cluster, destinations) = FarmState.Cluster(("a", 0), ("b", 1));
        var policy = new WeightedRoundRobinPolicy();
        Assert.All(Enumerable.Range(0, 10), _ => Assert.Equal("b", policy.PickDestination(new DefaultHttpContext(), cluster, destinations)!.DestinationId));
        Assert.Null(policy.PickDestination(new DefaultHttpContext(), cluster, [destinations[0]]));
    }

    [Fact]
    public async Task Weights_one_two_three_share_six_thousand_requests_through_a_real_router()
    {
        var backends = await FarmBackend.StartManyAsync("a", "b", "c");
        try
        {
            var weights = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["c"] = "3" };
            await using var proxy = await FarmProxy.StartAsync(new ClusterConfig
            {
                LoadBalancingPolicy = FarmPolicyNames.WeightedRoundRobin,
                Destinations = FarmProxy.Destinations(backends, b => new Dictionary<string, string> { [FarmMetadata.Weight] = weights[b.Name] }),
            });

            var counts = await proxy.CountAsync(6000);

            Assert.False(counts.ContainsKey("(error)"));
            Assert.InRange(counts["a"], 950, 1050);
            Assert.InRange(counts["b"], 1950, 2050);
            Assert.InRange(counts["c"], 2950, 3050);
        }
        finally
        {
            await Task.WhenAll(backends.Select(b => b.StopAsync()));
        }
    }
}
