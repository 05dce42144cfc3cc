using Flotilla.Core.Security;
using Flotilla.Daemon.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Flotilla.Daemon.Api;

/// <summary>The network security group endpoints (docs/api.md).</summary>
internal static class SecurityGroupEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var nsgs = app.MapGroup("/v1/nsgs").WithTags("nsgs");
        nsgs.MapGet("/", (SecurityGroupCommands commands, CancellationToken ct) => commands.ListAsync(ct));
        nsgs.MapPost("/", async (CreateSecurityGroupRequest request, SecurityGroupCommands commands, CancellationToken ct) =>
        {
            var group = await commands.CreateAsync(request.Name, ct).ConfigureAwait(false);
            return Results.Created($"/v1/nsgs/{group.Name}", group);
        });
        nsgs.MapGet("/{name}", (string name, SecurityGroupCommands commands, CancellationToken ct) => commands.GetAsync(name, ct));
        nsgs.MapDelete("/{name}", async (string name, bool? force, SecurityGroupCommands commands, CancellationToken ct) =>
        {
            await commands.DeleteAsync(name, force ?? false, ct).ConfigureAwait(false);
            return Results.NoContent();
        });
        nsgs.MapPost("/{name}/rules", (string name, SecurityRuleText rule, SecurityGroupCommands commands, CancellationToken ct) =>
            commands.AddRuleAsync(name, rule, ct));
        nsgs.MapDelete("/{name}/rules/{rule}", (string name, string rule, SecurityGroupCommands commands, CancellationToken ct) =>
            commands.RemoveRuleAsync(name, rule, ct));
        nsgs.MapPost("/{name}/attach", async (string name, AttachRequest target, SecurityGroupCommands commands, CancellationToken ct) =>
        {
            await commands.AttachAsync(name, target, ct).ConfigureAwait(false);
            return Results.NoContent();
        });
        // Detach names the group too, so that a detach meant for one group never removes another.
        nsgs.MapPost("/{name}/detach", async (string name, AttachRequest target, SecurityGroupCommands commands, CancellationToken ct) =>
        {
            _ = await commands.GetAsync(name, ct).ConfigureAwait(false);
            await commands.AttachAsync(null, target, ct).ConfigureAwait(false);
            return Results.NoContent();
        });
    }
}
