using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// nginx's smooth weighted round robin over the available destinations: weights 5:1:1 give
/// a a b a c a a, not a a a a a b c, so no destination sees a burst. State lives per cluster.
/// </summary>
internal sealed class WeightedRoundRobinPolicy : ILoadBalancingPolicy
{
    private readonly ConditionalWeakTable<ClusterState, SmoothWeightedRotation> _rotations = new();

    public string Name => FarmPolicyNames.WeightedRoundRobin;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        if (availableDestinations.Count == 1)
        {
            // Affinity narrowed the list already; no rotation state to move.
            var only = availableDestinations[0];
            return FarmMetadata.WeightOf(only) > 0 ? only : null;
        }

        return availableDestinations.Count == 0 ? null : _rotations.GetOrCreateValue(cluster).Next(availableDestinations);
    }
}
