using Flotilla.Daemon.Balancers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Flotilla.Daemon.Api;

/// <summary>The balancer endpoints (docs/api.md).</summary>
internal static class BalancerEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/balancers").WithTags("balancers");
        group.MapGet("/", (BalancerCommands commands, CancellationToken ct) => commands.ListAsync(ct));
        group.MapGet("/{name}", (string name, BalancerCommands commands, CancellationToken ct) => commands.GetAsync(name, ct));
        group.MapPut("/{name}", async (string name, BalancerSpec spec, BalancerCommands commands, CancellationToken ct) =>
        {
            var (view, created) = await commands.PutAsync(name, spec, ct).ConfigureAwait(false);
            return created ? Results.Created($"/v1/balancers/{view.Name}", view) : Results.Ok(view);
        });
        group.MapDelete("/{name}", async (string name, BalancerCommands commands, CancellationToken ct) =>
        {
            await commands.DeleteAsync(name, ct).ConfigureAwait(false);
            return Results.NoContent();
        });
    }
}
