using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Flotilla.Daemon.Api;

/// <summary>
/// A watch answered as NDJSON (the event stream, an operation's progress): the headers at once, not with the first
/// line, since a client waits for them before it reads; then one JSON value a line, flushed as it comes, until the
/// source ends, the client hangs up, or the daemon stops (Kestrel would otherwise wait for the watch, and stopping must
/// be quick).
/// </summary>
internal static class NdjsonWatch
{
    public static async Task<IResult> StreamAsync<T>(
        HttpContext context, IHostApplicationLifetime lifetime, Func<CancellationToken, IAsyncEnumerable<T>> lines, CancellationToken ct)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
        ct = both.Token;
        context.Response.ContentType = "application/x-ndjson";
        await context.Response.StartAsync(ct).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
        try
        {
            await foreach (var line in lines(ct).ConfigureAwait(false))
            {
                await JsonSerializer.SerializeAsync(context.Response.Body, line, ApiJson.Options, ct).ConfigureAwait(false);
                await context.Response.Body.WriteAsync("\n"u8.ToArray(), ct).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client hung up, or the daemon stops: the stream ends without a last line, and the client says so.
        }
        return Results.Empty;
    }
}
