using System.Collections.Concurrent;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// A short-lived in-process copy of affinity pins, so a busy host name costs one store read per
/// <see cref="Lifetime"/> instead of one per request. Only pins that were just read or won are cached.
/// </summary>
internal sealed class PinCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<(string Cluster, string Host), (string Destination, long Expires)> _pins = new();

    public string? Get(string clusterId, string host) =>
        _pins.TryGetValue((clusterId, host), out var pin) && time.GetTimestamp() < pin.Expires ? pin.Destination : null;

    public void Set(string clusterId, string host, string destination) =>
        _pins[(clusterId, host)] = (destination, time.GetTimestamp() + (long)(Lifetime.TotalSeconds * time.TimestampFrequency));

    public void Remove(string clusterId, string host) => _pins.TryRemove((clusterId, host), out _);
}
