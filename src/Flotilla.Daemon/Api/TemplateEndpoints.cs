using Flotilla.Daemon.Templates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Flotilla.Daemon.Api;

/// <summary>Templates, built and user-defined (docs/api.md): each endpoint parses and sends one command.</summary>
internal static class TemplateEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var templates = app.MapGroup("/v1/templates").WithTags("templates");
        templates.MapGet("/", (TemplateCommands commands, CancellationToken ct) => commands.ListAsync(ct));
        templates.MapPost("/", async (CreateTemplateRequest request, TemplateCommands commands, CancellationToken ct) =>
        {
            var template = await commands.CreateAsync(request, ct).ConfigureAwait(false);
            return Results.Created($"/v1/templates/{template.Name}", template);
        });
        templates.MapGet("/{name}", (string name, TemplateCommands commands, CancellationToken ct) => commands.GetAsync(name, ct));
        templates.MapDelete("/{name}", async (string name, TemplateCommands commands, CancellationToken ct) =>
        {
            await commands.DeleteAsync(name, ct).ConfigureAwait(false);
            return Results.NoContent();
        });
    }
}
