using Flotilla.Api.Operations;
using Flotilla.Api.Stacks;
using Flotilla.Daemon.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Flotilla.Daemon.Api;

/// <summary>
/// Stored operations (docs/api.md, Operations): <c>GET /v1/operations[?stack=NAME]</c> lists them, oldest first;
/// <c>GET /v1/operations/ID</c> shows one with every progress line; <c>GET /v1/operations/ID/progress?from=N</c>
/// streams its lines from the Nth (0-based) as NDJSON, those told already and then each as it is told, and ends after
/// the last (<c>done</c> or <c>error</c>), or when the daemon stops (the operation goes on at its next start).
/// </summary>
internal static class OperationEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var operations = app.MapGroup("/v1/operations").WithTags("operations");
        operations.MapGet("/", async (OperationRepository repository, string? stack, CancellationToken ct) =>
            (IReadOnlyList<OperationView>)[.. (await repository.ListAsync(ct).ConfigureAwait(false)).Select(o => o.View).Where(o => stack is null || o.Stack == stack)]);
        operations.MapGet("/{id}", async (string id, OperationRepository repository, CancellationToken ct) =>
            (await repository.GetAsync(id, ct).ConfigureAwait(false) ?? throw new OperationNotFoundException(id)).View);
        operations.MapGet("/{id}/progress", async (string id, int? from, HttpContext context, OperationRepository repository, IHostApplicationLifetime lifetime, CancellationToken ct) =>
        {
            // Refused before the stream's headers: an unknown id is a 404, not a stream that ends at once.
            _ = await repository.GetAsync(id, ct).ConfigureAwait(false) ?? throw new OperationNotFoundException(id);
            return await NdjsonWatch.StreamAsync<StackProgress>(context, lifetime, token => repository.ProgressAsync(id, from ?? 0, token), ct).ConfigureAwait(false);
        }).WithDescription("The operation's progress lines from `from` (0-based) on, as application/x-ndjson, one StackProgress a line, until its last (`done` or `error`).")
          .Produces<StackProgress>(StatusCodes.Status200OK, "application/x-ndjson");
    }
}
