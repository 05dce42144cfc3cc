using Flotilla.Balancer.L7.Farms;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Flotilla.Balancer.Tests.L7.Farms;

public sealed class ConsecutiveFailuresPolicyTests
{
    [Fact]
    public void Only_n_failures_in_a_row_eject_and_a_success_resets_the_count()
    {
        var updater = new ActiveHealthPolicyTests.RecordingHealthUpdater();
        var policy = new ConsecutiveFailuresPolicy(updater, NullLogger<ConsecutiveFailuresPolicy>.Instance);
        var (cluster, d) = FarmState.Cluster(new Dictionary<string, string> { [FarmMetadata.ConsecutiveFailures] = "3", [FarmMetadata.EjectFor] = "7.5" }, ("a", 1));

        foreach (var status in new[] { 500, 503, 200, 502, 500 })
        {
            policy.RequestProxied(Context(status), cluster, d[0]);
        }

        Assert.Empty(updater.Passive);
        policy.RequestProxied(Context(504), cluster, d[0]);
        Assert.Equal((d[0], DestinationHealth.Unhealthy, TimeSpan.FromSeconds(7.5)), Assert.Single(updater.Passive));
    }

    [Theory]
    [InlineData(ForwarderError.Request, true)]
    [InlineData(ForwarderError.RequestTimedOut, true)]
    [InlineData(ForwarderError.ResponseBodyDestination, true)]
    [InlineData(ForwarderError.RequestCanceled, false)]
    [InlineData(ForwarderError.RequestBodyClient, false)]
    [InlineData(ForwarderError.ResponseBodyClient, false)]
    public void Destination_side_transport_errors_count_and_client_side_ones_do_not(ForwarderError error, bool counts)
    {
        var context = Context(502);
        context.Features.Set<IForwarderErrorFeature>(new ErrorFeature(error));
        Assert.Equal(counts, ConsecutiveFailuresPolicy.Failed(context));
    }

    [Fact]
    public void Client_errors_are_not_failures() => Assert.False(ConsecutiveFailuresPolicy.Failed(Context(404)));

    [Fact]
    public async Task A_real_router_ejects_a_failing_backend_for_the_period_and_takes_it_back()
    {
        var backends = await FarmBackend.StartManyAsync("a", "b", "c");
        try
        {
            await using var proxy = await FarmProxy.StartAsync(new ClusterConfig
            {
                LoadBalancingPolicy = FarmPolicyNames.WeightedRoundRobin,
                Metadata = new Dictionary<string, string> { [FarmMetadata.ConsecutiveFailures] = "3", [FarmMetadata.EjectFor] = "3" },
                HealthCheck = new HealthCheckConfig { Passive = new PassiveHealthCheckConfig { Enabled = true, Policy = FarmPolicyNames.ConsecutiveFailures } },
                Destinations = FarmProxy.Destinations(backends),
            });
            backends[1].Status = 500;

            // Round robin sends every third request to b: nine requests give it three failures in a row.
            var first = await proxy.CountAsync(9, parallel: 1);
            Assert.Equal(3, backends[1].Hits);
            Assert.Equal(3, first["a"]);
            await Flotilla.Testing.Wait.UntilAsync(bool () => !proxy.IsAvailable("b"), TimeSpan.FromSeconds(2), "b ejected");
            var ejectedAt = System.Diagnostics.Stopwatch.StartNew();

            backends[1].Status = 200;
            var whileOut = await proxy.CountAsync(30, parallel: 1);
            Assert.False(proxy.IsAvailable("b"), "30 loopback requests took longer than the 3 s ejection");
            Assert.Equal(15, whileOut["a"]);
            Assert.Equal(3, backends[1].Hits);

            await Flotilla.Testing.Wait.UntilAsync(bool () => proxy.IsAvailable("b"), TimeSpan.FromSeconds(5), "b back after its ejection");
            Assert.True(ejectedAt.Elapsed >= TimeSpan.FromSeconds(2.5), $"back after {ejectedAt.Elapsed}");
            Assert.Equal(10, (await proxy.CountAsync(30, parallel: 1)).GetValueOrDefault("b"));
        }
        finally
        {
            await Task.WhenAll(backends.Select(b => b.StopAsync()));
        }
    }

    private static DefaultHttpContext Context(int status)
    {
        var context = new DefaultHttpContext();
        context.Response.StatusCode = status;
        return context;
    }

    private sealed class ErrorFeature(ForwarderError error) : IForwarderErrorFeature
    {
        public ForwarderError Error { get; } = error;

        public Exception? Exception => null;
    }
}
