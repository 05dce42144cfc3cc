using Flotilla.Api;
using Flotilla.Daemon.Pools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Flotilla.Daemon.Api;

/// <summary>Storage pools (docs/api.md): each endpoint parses and sends one command.</summary>
internal static class PoolEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var pools = app.MapGroup("/v1/pools").WithTags("pools");
        pools.MapGet("/", (PoolCommands commands, CancellationToken ct) => commands.ListAsync(ct));
        pools.MapPost("/", async (CreatePoolRequest request, PoolCommands commands, CancellationToken ct) =>
        {
            var pool = await commands.CreateAsync(request, ct).ConfigureAwait(false);
            return Results.Created($"/v1/pools/{pool.Name}", pool);
        });
        pools.MapGet("/{name}", (string name, PoolCommands commands, CancellationToken ct) => commands.GetAsync(name, ct));
        pools.MapDelete("/{name}", async (string name, PoolCommands commands, CancellationToken ct) =>
        {
            await commands.DeleteAsync(name, ct).ConfigureAwait(false);
            return Results.NoContent();
        });
    }
}
