using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// Passive health: <see cref="FarmMetadata.ConsecutiveFailures"/> failed proxied requests in a
/// row eject a destination for <see cref="FarmMetadata.EjectFor"/> (else the cluster's
/// <c>Passive.ReactivationPeriod</c>, else 30 s); YARP's <see cref="IDestinationHealthUpdater"/>
/// then resets its passive health to Unknown and it takes requests again. A success resets the count.
/// <para>
/// A failure is a response of 500 or above, or a forwarding error on the destination's side
/// (connect or send failed, timed out, the destination broke the request or response body,
/// bad response headers). Errors the client caused (it went away, sent a bad body, cancelled) do not count.
/// </para>
/// </summary>
internal sealed partial class ConsecutiveFailuresPolicy(IDestinationHealthUpdater healthUpdater, ILogger<ConsecutiveFailuresPolicy> logger) : IPassiveHealthCheckPolicy
{
    private readonly ConditionalWeakTable<DestinationState, StrongBox<int>> _failures = new();

    public string Name => FarmPolicyNames.ConsecutiveFailures;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        var count = _failures.GetOrCreateValue(destination);
        if (!Failed(context))
        {
            // Skip the write when already zero: healthy traffic then only reads the shared line.
            if (Volatile.Read(ref count.Value) != 0)
            {
                Volatile.Write(ref count.Value, 0);
            }

            return;
        }

        var threshold = FarmMetadata.PositiveInt(cluster, FarmMetadata.ConsecutiveFailures, FarmMetadata.DefaultConsecutiveFailures);
        if (Interlocked.Increment(ref count.Value) < threshold)
        {
            return;
        }

        Volatile.Write(ref count.Value, 0);
        var ejectFor = FarmMetadata.Seconds(cluster, FarmMetadata.EjectFor, cluster.Model.Config.HealthCheck?.Passive?.ReactivationPeriod ?? FarmMetadata.DefaultEjectFor);
        Log.Ejected(logger, destination.DestinationId, cluster.ClusterId, threshold, ejectFor);
        healthUpdater.SetPassive(cluster, destination, DestinationHealth.Unhealthy, ejectFor);
    }

    internal static bool Failed(HttpContext context)
    {
        if (context.Features.Get<IForwarderErrorFeature>() is { } error)
        {
            return error.Error switch
            {
                ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.RequestBodyDestination
                    or ForwarderError.ResponseBodyDestination or ForwarderError.ResponseHeaders
                    or ForwarderError.UpgradeRequestDestination or ForwarderError.UpgradeResponseDestination => true,
                _ => context.Response.StatusCode >= 500 && error.Error == ForwarderError.None,
            };
        }

        return context.Response.StatusCode >= 500;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 721, Level = LogLevel.Warning, Message = "Destination {DestinationId} of cluster {ClusterId} ejected for {EjectFor} after {Failures} consecutive failures")]
        public static partial void Ejected(ILogger logger, string destinationId, string clusterId, int failures, TimeSpan ejectFor);
    }
}
