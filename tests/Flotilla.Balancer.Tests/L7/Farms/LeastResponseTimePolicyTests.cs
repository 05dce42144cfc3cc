using Flotilla.Balancer.L7.Farms;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Yarp.ReverseProxy.Configuration;

namespace Flotilla.Balancer.Tests.L7.Farms;

public sealed class LeastResponseTimePolicyTests
{
    [Fact]
    public void Picks_the_lowest_average_and_weighs_requests_in_flight()
    {
        var time = new FakeTimeProvider();
        var tracker = new ResponseTimeTracker(new FarmPolicyOptions { Time = time });
        var (cluster, d) = FarmState.Cluster(("fast", 1), ("slow", 1));
        tracker.Record(d[0], TimeSpan.FromMilliseconds(10));
        tracker.Record(d[1], TimeSpan.FromMilliseconds(40));
        var policy = new LeastResponseTimePolicy(tracker);

        Assert.Equal("fast", policy.PickDestination(new DefaultHttpContext(), cluster, d)!.DestinationId);

        // (10+1)×(4+1) = 55 > (40+1)×1 = 41: four queued requests on the fast one outweigh its speed.
        for (var i = 0; i < 4; i++)
        {
            d[0].ConcurrentRequestCount++;
        }

        Assert.Equal("slow", policy.PickDestination(new DefaultHttpContext(), cluster, d)!.DestinationId);
    }

    [Fact]
    public void An_idle_slow_destinations_average_decays_so_it_is_tried_again()
    {
        var time = new FakeTimeProvider();
        var tracker = new ResponseTimeTracker(new FarmPolicyOptions { Time = time });
        var (cluster, d) = FarmState.Cluster(("fast", 1), ("slow", 1));
        tracker.Record(d[1], TimeSpan.FromMilliseconds(200));
        var policy = new LeastResponseTimePolicy(tracker);
        for (var i = 0; i < 50; i++)
        {
            tracker.Record(d[0], TimeSpan.FromMilliseconds(5));
            Assert.Equal("fast", policy.PickDestination(new DefaultHttpContext(), cluster, d)!.DestinationId);
        }

        // 200 ms × e^(-t/10 s) drops under 5 ms after ~37 s without samples.
        time.Advance(TimeSpan.FromSeconds(40));
        tracker.Record(d[0], TimeSpan.FromMilliseconds(5));
        Assert.Equal("slow", policy.PickDestination(new DefaultHttpContext(), cluster, d)!.DestinationId);
    }

    [Fact]
    public async Task A_real_router_prefers_the_fast_backend_over_one_that_sleeps()
    {
        await WarmAsync();
        var backends = await FarmBackend.StartManyAsync("fast", "slow");
        backends[1].Delay = TimeSpan.FromMilliseconds(40);
        try
        {
            await using var proxy = await FarmProxy.StartAsync(new ClusterConfig
            {
                LoadBalancingPolicy = FarmPolicyNames.LeastResponseTime,
                Destinations = FarmProxy.Destinations(backends),
            });

            var counts = await proxy.CountAsync(200, parallel: 1);

            Assert.True(counts.GetValueOrDefault("fast") >= 190, $"fast {counts.GetValueOrDefault("fast")}, slow {counts.GetValueOrDefault("slow")}");
            Assert.InRange(counts.GetValueOrDefault("slow"), 1, 10); // tried, measured, then avoided
        }
        finally
        {
            await Task.WhenAll(backends.Select(b => b.StopAsync()));
        }
    }

    [Fact]
    public async Task A_real_router_does_not_take_fast_500s_for_a_fast_server()
    {
        await WarmAsync();
        var backends = await FarmBackend.StartManyAsync("ok", "broken");
        backends[0].Delay = TimeSpan.FromMilliseconds(20);
        backends[1].Status = 500;
        try
        {
            await using var proxy = await FarmProxy.StartAsync(new ClusterConfig
            {
                LoadBalancingPolicy = FarmPolicyNames.LeastResponseTime,
                Destinations = FarmProxy.Destinations(backends),
            });

            await proxy.CountAsync(100, parallel: 1);

            Assert.InRange(backends[1].Hits, 1, 5);
        }
        finally
        {
            await Task.WhenAll(backends.Select(b => b.StopAsync()));
        }
    }

    /// <summary>
    /// The first request a proxy in this process forwards pays for JIT (hundreds of ms here). Least response time would
    /// take that one sample as the first destination's average and, its idle decay being 10 s, send the rest elsewhere
    /// for the whole test. So the proxy path is warmed first, through a farm of its own backends.
    /// </summary>
    private static async Task WarmAsync()
    {
        var warm = await FarmBackend.StartManyAsync("warm-a", "warm-b");
        try
        {
            await using var proxy = await FarmProxy.StartAsync(new ClusterConfig { Destinations = FarmProxy.Destinations(warm) });
            await proxy.CountAsync(20, parallel: 1);
        }
        finally
        {
            await Task.WhenAll(warm.Select(b => b.StopAsync()));
        }
    }
}
