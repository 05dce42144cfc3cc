using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Model;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// Times each proxied request, from the end of load balancing until the response body has
/// been copied to the client (what ARR calls response time), and records it against the
/// destination YARP sent it to. Requests that never reached a destination record nothing.
/// Installed by <see cref="FarmPipelineExtensions.UseFlotillaFarmTimings"/>.
/// </summary>
internal sealed class FarmTimingMiddleware(RequestDelegate next, ResponseTimeTracker tracker)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = tracker.Time.GetTimestamp();
        await next(context);
        if (context.Features.Get<IReverseProxyFeature>()?.ProxiedDestination is { } destination)
        {
            tracker.Record(destination, tracker.Time.GetElapsedTime(started));
        }
    }
}
