using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Model;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// Times each proxied request, from the end of load balancing until the response body has
/// been copied to the client (what ARR calls response time), and records it against the
/// destination YARP sent it to. Requests that never reached a destination record nothing.
/// A failed request (as <see cref="ConsecutiveFailuresPolicy"/> defines it) records at least
/// <see cref="FailurePenalty"/>: a server that refuses connections or answers 500 at once is not
/// fast, and least response time must not pour traffic onto it.
/// Installed by <see cref="FarmPipelineExtensions.UseFlotillaFarmTimings"/>.
/// </summary>
internal sealed class FarmTimingMiddleware(RequestDelegate next, ResponseTimeTracker tracker)
{
    public static readonly TimeSpan FailurePenalty = TimeSpan.FromSeconds(1);

    public async Task InvokeAsync(HttpContext context)
    {
        var started = tracker.Time.GetTimestamp();
        await next(context);
        if (context.Features.Get<IReverseProxyFeature>()?.ProxiedDestination is { } destination)
        {
            var elapsed = tracker.Time.GetElapsedTime(started);
            tracker.Record(destination, ConsecutiveFailuresPolicy.Failed(context) && elapsed < FailurePenalty ? FailurePenalty : elapsed);
        }
    }
}
