using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Model;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// The state of one cluster's smooth weighted round robin: each pick adds every destination's
/// weight to its current value, takes the largest, and subtracts the total from it.
/// The step reads and writes every destination's value, so it runs under one short lock per
/// cluster (O(destinations), no allocation, no I/O); clusters never contend with each other.
/// Current values hang off the <see cref="DestinationState"/> so a config reload, which makes
/// new states, starts fresh and old ones are collected.
/// </summary>
internal sealed class SmoothWeightedRotation
{
    private readonly Lock _lock = new();
    private readonly ConditionalWeakTable<DestinationState, StrongBox<long>> _current = new();

    public DestinationState? Next(IReadOnlyList<DestinationState> destinations)
    {
        lock (_lock)
        {
            long total = 0;
            DestinationState? best = null;
            StrongBox<long>? bestCurrent = null;
            for (var i = 0; i < destinations.Count; i++)
            {
                var destination = destinations[i];
                var weight = FarmMetadata.WeightOf(destination);
                if (weight <= 0)
                {
                    continue;
                }

                var current = _current.GetOrCreateValue(destination);
                current.Value += weight;
                total += weight;
                if (bestCurrent is null || current.Value > bestCurrent.Value)
                {
                    best = destination;
                    bestCurrent = current;
                }
            }

            if (bestCurrent is not null)
            {
                bestCurrent.Value -= total;
            }

            return best;
        }
    }
}
