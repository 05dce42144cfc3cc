using System.Runtime.CompilerServices;
using Flotilla.Balancer.L4.Hashing;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// ARR's "request hash": hashes the property named by <see cref="FarmMetadata.HashOn"/> onto a
/// <see cref="HashRing"/> of the available (healthy, non-zero weight) destinations. The ring is
/// cached per cluster and rebuilt only when the available set changes, so while the farm is
/// stable a key always lands on the same server; when one server leaves, only its keys move.
/// A request without the property (no such header) goes round robin instead of piling onto one server.
/// </summary>
internal sealed class HashPolicy : ILoadBalancingPolicy
{
    /// <summary>Seed of the request-key hash ("FlotHTTP").</summary>
    public const long KeySeed = 0x466C6F7448545450;

    private readonly ConditionalWeakTable<ClusterState, StrongBox<HashRing?>> _rings = new();
    private readonly ConditionalWeakTable<ClusterModel, HashKeySource> _sources = new();
    private readonly WeightedRoundRobinPolicy _fallback = new();

    public string Name => FarmPolicyNames.Hash;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        if (availableDestinations.Count <= 1)
        {
            return _fallback.PickDestination(context, cluster, availableDestinations);
        }

        var key = SourceOf(cluster).KeyOf(context);
        if (key is null)
        {
            return _fallback.PickDestination(context, cluster, availableDestinations);
        }

        return RingOf(cluster, availableDestinations).Lookup(StableHash.Hash(key, KeySeed));
    }

    private HashKeySource SourceOf(ClusterState cluster) =>
        _sources.GetValue(cluster.Model, _ => HashKeySource.Parse(FarmMetadata.Get(cluster, FarmMetadata.HashOn)) ?? HashKeySource.Url);

    private HashRing RingOf(ClusterState cluster, IReadOnlyList<DestinationState> available)
    {
        var holder = _rings.GetOrCreateValue(cluster);
        var ring = Volatile.Read(ref holder.Value);
        if (ring is null || !ring.IsFor(available))
        {
            // Two threads may both rebuild after a change; both rings are identical, last one wins.
            ring = HashRing.Build(available);
            Volatile.Write(ref holder.Value, ring);
        }

        return ring;
    }
}
