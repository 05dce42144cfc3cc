using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Flotilla.Balancer.Tests.Support;

/// <summary>
/// Until the farm policies (<c>L7/Farms</c>, another branch) merge: minimal policies under the
/// contract's health names, so the mapping and YARP's health machinery are tested end to end.
/// Active: a probe that failed or answered outside 200–399 makes the member unhealthy, a good one
/// healthy. Passive: any failed proxied request ejects the member for its reactivation period.
/// These stand in for names; the statistics and thresholds are the farm helper's to test.
/// </summary>
public static class StandInFarmPolicies
{
    public static void Add(IReverseProxyBuilder builder)
    {
        builder.Services.AddSingleton<IActiveHealthCheckPolicy, ActivePolicy>();
        builder.Services.AddSingleton<IPassiveHealthCheckPolicy, PassivePolicy>();
    }

    private sealed class ActivePolicy(IDestinationHealthUpdater updater) : IActiveHealthCheckPolicy
    {
        public string Name => "FlotillaActive";

        public void ProbingCompleted(ClusterState cluster, IReadOnlyList<DestinationProbingResult> probingResults) =>
            updater.SetActive(cluster, probingResults.Select(r => new NewActiveDestinationHealth(
                r.Destination,
                r.Response is { } response && (int)response.StatusCode is >= 200 and < 400 ? DestinationHealth.Healthy : DestinationHealth.Unhealthy)));
    }

    private sealed class PassivePolicy(IDestinationHealthUpdater updater) : IPassiveHealthCheckPolicy
    {
        public string Name => "FlotillaConsecutiveFailures";

        public void RequestProxied(Microsoft.AspNetCore.Http.HttpContext context, ClusterState cluster, DestinationState destination)
        {
            if (context.Features.Get<Yarp.ReverseProxy.Forwarder.IForwarderErrorFeature>() is not null)
            {
                var period = cluster.Model.Config.HealthCheck?.Passive?.ReactivationPeriod ?? TimeSpan.FromSeconds(30);
                updater.SetPassive(cluster, destination, DestinationHealth.Unhealthy, period);
            }
        }
    }
}
