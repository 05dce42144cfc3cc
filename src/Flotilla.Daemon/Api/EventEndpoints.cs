using Flotilla.Daemon.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Flotilla.Daemon.Api;

/// <summary>
/// <c>GET /v1/events?since=ID</c>: the events kept, as a JSON array. With <c>watch=true</c>: NDJSON, one event a
/// line, flushed as it happens, until the client hangs up. NDJSON rather than Server-Sent Events: a client reads
/// lines (curl, a shell loop, the CLI) with no event-stream parser, and each line is the same JSON as the list's.
/// </summary>
internal static class EventEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/events", async (HttpContext context, EventLog events, IHostApplicationLifetime lifetime, long? since, bool? watch, CancellationToken ct) =>
        {
            if (watch != true) return Results.Ok(await events.ListAsync(since ?? 0, ct).ConfigureAwait(false));
            return await NdjsonWatch.StreamAsync(context, lifetime, token => events.WatchAsync(since ?? 0, token), ct).ConfigureAwait(false);
        }).WithTags("events")
          .WithDescription("The events after `since`, as a JSON array; with `watch=true` as application/x-ndjson, one HostEvent a line, until the client hangs up.")
          .Produces<IReadOnlyList<HostEvent>>(StatusCodes.Status200OK, "application/json", "application/x-ndjson");
    }
}
