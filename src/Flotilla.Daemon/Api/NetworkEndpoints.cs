using Flotilla.Daemon.Networks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Flotilla.Daemon.Api;

/// <summary>The network endpoints (docs/api.md).</summary>
internal static class NetworkEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var networks = app.MapGroup("/v1/networks").WithTags("networks");
        networks.MapGet("/", (NetworkCommands commands, CancellationToken ct) => commands.ListAsync(ct));
        networks.MapPost("/", async (CreateNetworkRequest request, NetworkCommands commands, CancellationToken ct) =>
        {
            var network = await commands.CreateAsync(request, ct).ConfigureAwait(false);
            return Results.Created($"/v1/networks/{network.Name}", network);
        });
        networks.MapGet("/{name}", (string name, NetworkCommands commands, CancellationToken ct) => commands.GetAsync(name, ct));
        networks.MapDelete("/{name}", async (string name, bool? force, NetworkCommands commands, CancellationToken ct) =>
        {
            await commands.DeleteAsync(name, force ?? false, ct).ConfigureAwait(false);
            return Results.NoContent();
        });
    }
}
