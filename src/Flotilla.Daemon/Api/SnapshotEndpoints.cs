using Flotilla.Daemon.Snapshots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Flotilla.Daemon.Api;

/// <summary>A VM's snapshots (docs/api.md): each endpoint parses and sends one command; the work is done when it answers.</summary>
internal static class SnapshotEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var snapshots = app.MapGroup("/v1/vms/{name}/snapshots").WithTags("snapshots");
        snapshots.MapGet("/", (string name, SnapshotCommands commands, CancellationToken ct) => commands.ListAsync(name, ct));
        snapshots.MapPost("/", async (string name, CreateSnapshotRequest body, SnapshotCommands commands, CancellationToken ct) =>
        {
            var snapshot = await commands.CreateAsync(name, body, ct).ConfigureAwait(false);
            return Results.Created($"/v1/vms/{name}/snapshots/{snapshot.Name}", snapshot);
        });
        snapshots.MapGet("/{snapshot}", (string name, string snapshot, SnapshotCommands commands, CancellationToken ct) => commands.GetAsync(name, snapshot, ct));
        snapshots.MapPost("/{snapshot}/revert", (string name, string snapshot, SnapshotCommands commands, CancellationToken ct) =>
            commands.RevertAsync(name, snapshot, ct));
        snapshots.MapDelete("/{snapshot}", async (string name, string snapshot, SnapshotCommands commands, CancellationToken ct) =>
        {
            await commands.DeleteAsync(name, snapshot, ct).ConfigureAwait(false);
            return Results.NoContent();
        });
    }
}
