using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.SessionAffinity;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// ARR's host-name affinity: every request for one host name (the Host header, without port,
/// lower case) goes to one destination, recorded in the shared <see cref="IAffinityTable"/>.
/// <para>
/// All the work happens before load balancing, in <see cref="FindAffinitizedDestinationsAsync"/>:
/// a host without a pin, or pinned to a destination that is not available here (removed, or
/// unhealthy by active or passive checks), gets a destination picked by the cluster's own
/// load-balancing policy among the available ones and pinned with compare-and-set. If another
/// router pinned first, its choice wins and is used, so even the first request of two racing
/// routers lands on one destination. A router that still sees the winner as unavailable re-pins
/// (compare-and-set against the winner), which is ARR's behaviour when a server goes down.
/// </para>
/// Pins are cached in process for <see cref="PinCache.Lifetime"/> to spare the store a read per
/// request; a pin moved by another router is seen within that time.
/// </summary>
internal sealed partial class HostNameAffinityPolicy : ISessionAffinityPolicy
{
    private readonly IAffinityTable _table;
    private readonly FrozenDictionary<string, ILoadBalancingPolicy> _loadBalancers;
    private readonly PinCache _cache;
    private readonly ILogger<HostNameAffinityPolicy> _logger;

    public HostNameAffinityPolicy(IAffinityTable table, IEnumerable<ILoadBalancingPolicy> loadBalancers, FarmPolicyOptions options, ILogger<HostNameAffinityPolicy> logger)
    {
        _table = table;
        _loadBalancers = loadBalancers.ToFrozenDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        _cache = new PinCache(options.Time ?? TimeProvider.System);
        _logger = logger;
    }

    public string Name => FarmPolicyNames.HostNameAffinity;

    public async ValueTask<AffinityResult> FindAffinitizedDestinationsAsync(HttpContext context, ClusterState cluster, SessionAffinityConfig config, IReadOnlyList<DestinationState> destinations, CancellationToken cancellationToken)
    {
        var host = context.Request.Host.Host;
        if (string.IsNullOrEmpty(host))
        {
            return new AffinityResult(null, AffinityStatus.AffinityKeyExtractionFailed);
        }

        host = host.ToLowerInvariant();
        if (destinations.Count == 0)
        {
            return new AffinityResult(null, AffinityStatus.DestinationNotFound);
        }

        var pin = _cache.Get(cluster.ClusterId, host) ?? await _table.GetAsync(cluster.ClusterId, host, cancellationToken);

        // A lost race hands us the winner's pin, which we accept unless we see it unavailable; bounded so flapping health cannot spin.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (pin is not null && Find(destinations, pin) is { } pinned)
            {
                _cache.Set(cluster.ClusterId, host, pin);
                return new AffinityResult([pinned], AffinityStatus.OK);
            }

            var chosen = Pick(context, cluster, destinations);
            if (chosen is null)
            {
                return new AffinityResult(null, AffinityStatus.DestinationNotFound);
            }

            var won = await _table.CompareAndSetAsync(cluster.ClusterId, host, pin, chosen.DestinationId, cancellationToken);
            if (won == chosen.DestinationId)
            {
                Log.Pinned(_logger, host, cluster.ClusterId, chosen.DestinationId, pin);
            }

            _cache.Remove(cluster.ClusterId, host);
            pin = won;
        }

        return new AffinityResult(null, AffinityStatus.DestinationNotFound);
    }

    /// <summary>YARP (2.1 and later) calls only the async lookup; a synchronous one would block a thread on the store.</summary>
    public AffinityResult FindAffinitizedDestinations(HttpContext context, ClusterState cluster, SessionAffinityConfig config, IReadOnlyList<DestinationState> destinations) =>
        throw new NotSupportedException($"{Name} looks pins up in a shared store; call {nameof(FindAffinitizedDestinationsAsync)}.");

    /// <summary>Nothing to do after the response: the pin was recorded before the request was sent.</summary>
    public void AffinitizeResponse(HttpContext context, ClusterState cluster, SessionAffinityConfig config, DestinationState destination)
    {
    }

    public ValueTask AffinitizeResponseAsync(HttpContext context, ClusterState cluster, SessionAffinityConfig config, DestinationState destination, CancellationToken cancellationToken) => default;

    private DestinationState? Pick(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> destinations)
    {
        var name = cluster.Model.Config.LoadBalancingPolicy ?? LoadBalancingPolicies.PowerOfTwoChoices;
        return _loadBalancers.TryGetValue(name, out var policy)
            ? policy.PickDestination(context, cluster, destinations)
            : destinations[Random.Shared.Next(destinations.Count)];
    }

    private static DestinationState? Find(IReadOnlyList<DestinationState> destinations, string id)
    {
        for (var i = 0; i < destinations.Count; i++)
        {
            if (destinations[i].DestinationId == id)
            {
                return destinations[i];
            }
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Host {Host} of cluster {ClusterId} pinned to {DestinationId} (was {PreviousDestinationId})")]
        public static partial void Pinned(ILogger logger, string host, string clusterId, string destinationId, string? previousDestinationId);
    }
}
