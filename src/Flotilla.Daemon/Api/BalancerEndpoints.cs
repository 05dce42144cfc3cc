using Flotilla.Daemon.Balancers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Flotilla.Daemon.Api;

/// <summary>The balancer and router endpoints (docs/api.md).</summary>
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
        group.MapDelete("/{name}", async (string name, bool? force, BalancerCommands commands, CancellationToken ct) =>
        {
            await commands.DeleteAsync(name, force ?? false, ct).ConfigureAwait(false);
            return Results.NoContent();
        });

        // Routers are balancers with a router: mapping (BalancerSpec.Router), made by PUT /v1/balancers/NAME or a stack;
        // listed here on their own, and under /v1/balancers with the rest of what flotilla-lb serves.
        var routers = app.MapGroup("/v1/routers").WithTags("routers");
        routers.MapGet("/", (BalancerCommands commands, CancellationToken ct) => commands.ListAsync(routers: true, ct));
        routers.MapGet("/{name}", async (string name, BalancerCommands commands, CancellationToken ct) =>
        {
            var view = await commands.GetAsync(name, ct).ConfigureAwait(false);
            return view.Spec.IsRouter ? view : throw new BalancerNotFoundException(name);
        });
    }
}
