using System.Collections.Concurrent;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>The affinity table of a single router, used when no <see cref="FarmPolicyOptions.AffinityStorePath"/> is set.</summary>
internal sealed class InProcessAffinityTable : IAffinityTable
{
    private readonly ConcurrentDictionary<(string Cluster, string Host), string> _pins = new();

    public ValueTask<string?> GetAsync(string clusterId, string host, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_pins.TryGetValue((clusterId, host), out var pin) ? pin : null);

    public ValueTask<string> CompareAndSetAsync(string clusterId, string host, string? expected, string proposed, CancellationToken cancellationToken)
    {
        var key = (clusterId, host);
        if (expected is null)
        {
            return ValueTask.FromResult(_pins.GetOrAdd(key, proposed));
        }

        _pins.TryUpdate(key, proposed, expected);
        return ValueTask.FromResult(_pins.GetOrAdd(key, proposed));
    }
}
