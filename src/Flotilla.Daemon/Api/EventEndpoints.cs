using System.Text.Json;
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
            // A watch ends when the daemon stops too: Kestrel would otherwise wait for it, and stopping must be quick.
            using var both = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
            ct = both.Token;
            context.Response.ContentType = "application/x-ndjson";
            await context.Response.StartAsync(ct).ConfigureAwait(false);
            // Headers now, not with the first event: a client waits for them before it reads lines.
            await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            try
            {
                await foreach (var e in events.WatchAsync(since ?? 0, ct).ConfigureAwait(false))
                {
                    await context.Response.WriteAsync(JsonSerializer.Serialize(e, ApiJson.Options) + "\n", ct).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The client hung up, or the daemon stops.
            }
            return Results.Empty;
        }).WithTags("events")
          .WithDescription("The events after `since`, as a JSON array; with `watch=true` as application/x-ndjson, one HostEvent a line, until the client hangs up.")
          .Produces<IReadOnlyList<HostEvent>>(StatusCodes.Status200OK, "application/json", "application/x-ndjson");
    }
}
