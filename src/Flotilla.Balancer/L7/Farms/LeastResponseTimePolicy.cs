using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// ARR's "least response time": picks the destination with the lowest
/// <c>(averageMs + 1) × (inFlight + 1) ÷ weight</c>, where <c>averageMs</c> is the decayed
/// EWMA of <see cref="ResponseTimeStats"/> and <c>inFlight</c> is YARP's
/// <see cref="DestinationState.ConcurrentRequestCount"/>.
/// <para>
/// Multiplying by the requests in flight (as Envoy's least-request and ARR do) keeps a fast
/// server from being buried: each extra queued request costs one more average response time.
/// The +1 ms keeps in-flight counts meaningful before the first sample (all averages zero);
/// the weight divides so a 2-weight server takes twice the load at equal speed.
/// Ties go to the first in list order. Destinations of weight 0 take no new requests.
/// </para>
/// </summary>
internal sealed class LeastResponseTimePolicy(ResponseTimeTracker tracker) : ILoadBalancingPolicy
{
    public string Name => FarmPolicyNames.LeastResponseTime;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        var now = tracker.Time.GetTimestamp();
        DestinationState? best = null;
        var bestScore = double.PositiveInfinity;
        for (var i = 0; i < availableDestinations.Count; i++)
        {
            var destination = availableDestinations[i];
            var weight = FarmMetadata.WeightOf(destination);
            if (weight <= 0)
            {
                continue;
            }

            var score = Score(tracker.AverageMs(destination, now), destination.ConcurrentRequestCount, weight);
            if (score < bestScore)
            {
                best = destination;
                bestScore = score;
            }
        }

        return best;
    }

    internal static double Score(double averageMs, int inFlight, int weight) => (averageMs + 1) * (inFlight + 1) / weight;
}
