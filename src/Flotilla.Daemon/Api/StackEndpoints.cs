using System.Text.Json;
using Flotilla.Daemon.Stacks;
using Flotilla.Daemon.Stacks.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Flotilla.Daemon.Api;

/// <summary>
/// The stack endpoints (docs/api.md). A plan that cannot be made is a problem+json answer; once the plan is made, apply
/// and destroy (by file, or <c>DELETE /v1/stacks/NAME</c> by name) answer 200 with a stream of NDJSON progress lines (<see cref="StackProgress"/>), ending in <c>done</c>
/// or <c>error</c>.
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
        stacks.MapPost("/apply", async (StackSource source, StackCommands commands, StackLocks locks, HttpContext context, CancellationToken ct) =>
        {
            // Held from before the plan: a plan made while another operation changes the stack would be wrong.
            using var held = locks.Acquire(StackCommands.NameOf(source), "apply");
            var (desired, plan) = await commands.PlanAsync(source, ct).ConfigureAwait(false);
            await StreamAsync(context, progress => commands.ApplyAsync(desired, plan, progress, ct), ct).ConfigureAwait(false);
        });
        stacks.MapPost("/destroy", async (StackSource source, StackCommands commands, StackLocks locks, HttpContext context, CancellationToken ct) =>
        {
            using var held = locks.Acquire(StackCommands.NameOf(source), "destroy");
            var plan = await commands.PlanDestroyAsync(source, ct).ConfigureAwait(false);
            await StreamAsync(context, progress => commands.DestroyAsync(plan, progress, ct), ct).ConfigureAwait(false);
        });
        stacks.MapDelete("/{name}", async (string name, StackCommands commands, StackLocks locks, HttpContext context, CancellationToken ct) =>
        {
            using var held = locks.Acquire(name, "destroy");
            var plan = await commands.PlanDestroyAsync(name, ct).ConfigureAwait(false);
            await StreamAsync(context, progress => commands.DestroyAsync(plan, progress, ct), ct).ConfigureAwait(false);
        });
    }

    private static async Task StreamAsync(HttpContext context, Func<Func<StackProgress, Task>, Task> run, CancellationToken ct)
    {
        context.Response.ContentType = "application/x-ndjson";
        async Task Write(StackProgress line)
        {
            await JsonSerializer.SerializeAsync(context.Response.Body, line, ApiJson.Options, ct).ConfigureAwait(false);
            await context.Response.Body.WriteAsync("\n"u8.ToArray(), ct).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
        }
        try
        {
            await run(Write).ConfigureAwait(false);
            await Write(new StackDone()).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Headers are gone: the failure travels as the stream's last line, with the problem type it would have had.
            var type = ProblemTypes.For(e)?.Type;
            await Write(new StackFailed(e.Message, type is null ? null : ProblemTypes.Base + type)).ConfigureAwait(false);
        }
    }
}
