using Flotilla.Api.Operations;
using Flotilla.Daemon.Operations;
using Flotilla.Daemon.Stacks;
using Flotilla.Daemon.Stacks.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Flotilla.Daemon.Api;

/// <summary>
/// The stack endpoints (docs/api.md). A plan that cannot be made is a problem+json answer and nothing is stored; once the
/// plan is made, apply and destroy (by file, or <c>DELETE /v1/stacks/NAME</c> by name) answer 202 with the stored
/// operation that carries it out (<see cref="OperationEndpoints"/>: its progress is a watch on it).
/// </summary>
internal static class StackEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var stacks = app.MapGroup("/v1/stacks").WithTags("stacks");
        stacks.MapGet("/", (StackStatusReader reader, CancellationToken ct) => reader.ListAsync(ct));
        stacks.MapGet("/{name}", async (string name, StackStatusReader reader, CancellationToken ct) =>
            await reader.GetAsync(name, ct).ConfigureAwait(false) ?? throw new StackNotFoundException(name));
        stacks.MapPost("/plan", async (StackSource source, StackCommands commands, CancellationToken ct) =>
        {
            var (desired, plan) = await commands.PlanAsync(source, ct).ConfigureAwait(false);
            return new StackPlanView(desired.Name, plan.ToText(), plan.ToAdd, plan.ToChange, plan.ToDestroy);
        });
        stacks.MapPost("/apply", async (StackSource source, OperationController operations, CancellationToken ct) =>
            Accepted(await operations.ApplyAsync(source, ct).ConfigureAwait(false)))
            .Produces<OperationView>(StatusCodes.Status202Accepted);
        stacks.MapPost("/destroy", async (StackSource source, OperationController operations, CancellationToken ct) =>
            Accepted(await operations.DestroyAsync(StackCommands.NameOf(source), mustExist: false, ct).ConfigureAwait(false)))
            .Produces<OperationView>(StatusCodes.Status202Accepted);
        stacks.MapDelete("/{name}", async (string name, OperationController operations, CancellationToken ct) =>
            Accepted(await operations.DestroyAsync(name, mustExist: true, ct).ConfigureAwait(false)))
            .Produces<OperationView>(StatusCodes.Status202Accepted);
    }

    private static IResult Accepted(OperationView operation) => Results.Accepted($"/v1/operations/{operation.Id}", operation);
}
