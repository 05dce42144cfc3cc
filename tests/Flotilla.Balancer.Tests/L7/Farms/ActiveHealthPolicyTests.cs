using System.Net;
using Flotilla.Balancer.L7.Farms;
using Microsoft.Extensions.Logging.Abstractions;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Flotilla.Balancer.Tests.L7.Farms;

public sealed class ActiveHealthPolicyTests
{
    [Theory]
    [InlineData("200", 200, true)]
    [InlineData("200", 204, false)]
    [InlineData("200-399", 302, true)]
    [InlineData("200-399", 404, false)]
    [InlineData("200,204", 204, true)]
    [InlineData("200, 300-302", 301, true)]
    [InlineData(null, 399, true)]
    [InlineData(null, 500, false)]
    public void Expected_status_lists_and_ranges_match(string? text, int status, bool matches) =>
        Assert.Equal(matches, ExpectedStatus.Parse(text)!.Matches(status));

    [Theory]
    [InlineData("ok")]
    [InlineData("300-200")]
    [InlineData("99")]
    [InlineData("200-")]
    public void Malformed_expected_status_is_rejected(string text) => Assert.Null(ExpectedStatus.Parse(text));

    [Fact]
    public void Status_decides_and_a_failed_probe_is_unhealthy()
    {
        var updater = new RecordingHealthUpdater();
        var policy = new ActiveHealthPolicy(updater, NullLogger<ActiveHealthPolicy>.Instance);
        var (cluster, d) = FarmState.Cluster(new Dictionary<string, string> { [FarmMetadata.ExpectStatus] = "200,204" }, ("a", 1), ("b", 1), ("c", 1));

        policy.ProbingCompleted(cluster, [
            new DestinationProbingResult(d[0], new HttpResponseMessage(HttpStatusCode.NoContent), null),
            new DestinationProbingResult(d[1], new HttpResponseMessage(HttpStatusCode.Accepted), null),
            new DestinationProbingResult(d[2], null, new HttpRequestException("refused")),
        ]);

        Assert.Equal([DestinationHealth.Healthy, DestinationHealth.Unhealthy, DestinationHealth.Unhealthy], updater.Active.Select(h => h.NewActiveHealth));
    }

    [Fact]
    public void An_unbuffered_body_fails_the_match_instead_of_blocking()
    {
        var updater = new RecordingHealthUpdater();
        var policy = new ActiveHealthPolicy(updater, NullLogger<ActiveHealthPolicy>.Instance);
        var (cluster, d) = FarmState.Cluster(new Dictionary<string, string> { [FarmMetadata.ExpectBody] = "OK" }, ("a", 1));
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("OK"), RequestMessage = new HttpRequestMessage() };

        policy.ProbingCompleted(cluster, [new DestinationProbingResult(d[0], response, null)]);

        Assert.Equal(DestinationHealth.Unhealthy, Assert.Single(updater.Active).NewActiveHealth);
    }

    [Fact]
    public async Task A_real_router_takes_a_backend_out_when_its_body_stops_matching_and_back_when_it_matches_again()
    {
        var backends = await FarmBackend.StartManyAsync("a", "b", "c");
        try
        {
            await using var proxy = await FarmProxy.StartAsync(new ClusterConfig
            {
                LoadBalancingPolicy = FarmPolicyNames.WeightedRoundRobin,
                Metadata = new Dictionary<string, string> { [FarmMetadata.ExpectStatus] = "200", [FarmMetadata.ExpectBody] = "OK" },
                HealthCheck = new HealthCheckConfig
                {
                    Active = new ActiveHealthCheckConfig { Enabled = true, Interval = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromSeconds(1), Policy = FarmPolicyNames.ActiveHealth, Path = "/health" },
                },
                Destinations = FarmProxy.Destinations(backends),
            });
            await Flotilla.Testing.Wait.UntilAsync(bool () => proxy.Destination("b").Health.Active == DestinationHealth.Healthy, TimeSpan.FromSeconds(5), "b healthy");

            backends[1].HealthBody = "DEGRADED";
            await Flotilla.Testing.Wait.UntilAsync(bool () => !proxy.IsAvailable("b"), TimeSpan.FromSeconds(5), "b out");
            var hitsOut = backends[1].Hits;
            var counts = await proxy.CountAsync(60);
            Assert.Equal(hitsOut, backends[1].Hits);
            Assert.Equal(30, counts["a"]);
            Assert.Equal(30, counts["c"]);

            backends[1].HealthBody = "all OK here";
            await Flotilla.Testing.Wait.UntilAsync(bool () => proxy.IsAvailable("b"), TimeSpan.FromSeconds(5), "b back");
            Assert.Equal(20, (await proxy.CountAsync(60)).GetValueOrDefault("b"));
        }
        finally
        {
            await Task.WhenAll(backends.Select(b => b.StopAsync()));
        }
    }

    /// <summary>Records what a policy decides; YARP's updater would also reschedule and rebuild availability.</summary>
    internal sealed class RecordingHealthUpdater : IDestinationHealthUpdater
    {
        public List<NewActiveDestinationHealth> Active { get; } = [];

        public List<(DestinationState Destination, DestinationHealth Health, TimeSpan Period)> Passive { get; } = [];

        public void SetActive(ClusterState cluster, IEnumerable<NewActiveDestinationHealth> newHealthStates) => Active.AddRange(newHealthStates);

        public void SetPassive(ClusterState cluster, DestinationState destination, DestinationHealth newHealth, TimeSpan reactivationPeriod) =>
            Passive.Add((destination, newHealth, reactivationPeriod));
    }
}
