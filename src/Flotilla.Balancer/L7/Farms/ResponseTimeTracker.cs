using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Model;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// Response times per destination, filled by <see cref="FarmTimingMiddleware"/> and read by
/// <see cref="LeastResponseTimePolicy"/>. Keyed by <see cref="DestinationState"/> so stats of
/// destinations removed by a reload are collected with them.
/// </summary>
internal sealed class ResponseTimeTracker(FarmPolicyOptions options)
{
    private readonly ConditionalWeakTable<DestinationState, ResponseTimeStats> _stats = new();

    public TimeProvider Time { get; } = options.Time ?? TimeProvider.System;

    public void Record(DestinationState destination, TimeSpan elapsed) =>
        _stats.GetOrCreateValue(destination).Record(elapsed.TotalMilliseconds, Time.GetTimestamp());

    public double AverageMs(DestinationState destination, long now) =>
        _stats.TryGetValue(destination, out var stats) ? stats.AverageMs(Time, now) : 0;
}
