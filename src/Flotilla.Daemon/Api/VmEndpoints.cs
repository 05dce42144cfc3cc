using Flotilla.Compute;
using Flotilla.Daemon.Pools;
using Flotilla.Daemon.Vms;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Flotilla.Daemon.Api;

/// <summary>The VM endpoints: each parses, validates and sends one command; none touches QEMU (docs/api.md).</summary>
internal static class VmEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var vms = app.MapGroup("/v1/vms").WithTags("vms");
        vms.MapGet("/", (VmRepository repo, CancellationToken ct) => repo.ListAsync(ct));
        vms.MapPost("/", async (CreateVmRequest request, VmCommands commands, CancellationToken ct) =>
        {
            var vm = await commands.CreateAsync(request, ct).ConfigureAwait(false);
            return Results.Created($"/v1/vms/{vm.Name}", vm);
        });
        vms.MapGet("/{name}", async (string name, VmRepository repo, PoolCommands pools, CancellationToken ct) =>
        {
            var vm = await repo.GetAsync(name, ct).ConfigureAwait(false) ?? throw new VmNotFoundException(name);
            return vm with { Disk = await pools.VolumeAsync(name, ct).ConfigureAwait(false) };
        });
        vms.MapPost("/{name}/clone", async (string name, CloneVmRequest request, VmCommands commands, CancellationToken ct) =>
        {
            var vm = await commands.CloneAsync(name, request, ct).ConfigureAwait(false);
            return Results.Created($"/v1/vms/{vm.Name}", vm);
        });
        Verb(vms, "start", (c, name, ct) => c.StartAsync(name, ct));
        Verb(vms, "shutdown", (c, name, ct) => c.ShutdownAsync(name, ct));
        Verb(vms, "destroy", (c, name, ct) => c.DestroyAsync(name, ct));
        Verb(vms, "pause", (c, name, ct) => c.PauseAsync(name, ct));
        Verb(vms, "resume", (c, name, ct) => c.ResumeAsync(name, ct));
        Verb(vms, "reboot", (c, name, ct) => c.RebootAsync(name, ct));
        vms.MapPut("/{name}/autostart", (string name, AutostartRequest body, VmCommands commands, CancellationToken ct) =>
            commands.SetAutostartAsync(name, body.Enabled, ct));
        vms.MapPut("/{name}/balloon", async (string name, BalloonRequest body, VmCommands commands, CancellationToken ct) =>
            Results.Accepted($"/v1/vms/{name}", await commands.SetBalloonAsync(name, body.TargetMiB, ct).ConfigureAwait(false)));
        vms.MapDelete("/{name}", async (string name, bool? force, VmCommands commands, CancellationToken ct) =>
        {
            await commands.UndefineAsync(name, force ?? false, ct).ConfigureAwait(false);
            return Results.NoContent();
        });
        vms.MapGet("/{name}/console", async (string name, int? tail, VmRepository repo, HostCompute compute, CancellationToken ct) =>
        {
            _ = await repo.GetAsync(name, ct).ConfigureAwait(false) ?? throw new VmNotFoundException(name);
            var path = compute.Vms.ConsoleLogPath(name);
            var text = File.Exists(path) ? await ReadSharedAsync(path, ct).ConfigureAwait(false) : "";
            if (tail is > 0)
            {
                var lines = text.Split('\n');
                text = string.Join('\n', lines.Skip(Math.Max(0, lines.Length - tail.Value - 1)));
            }
            return Results.Text(text, "text/plain; charset=utf-8");
        });
    }

    private static void Verb(RouteGroupBuilder vms, string verb, Func<VmCommands, string, CancellationToken, Task<VmView>> command) =>
        vms.MapPost($"/{{name}}/{verb}", async (string name, VmCommands commands, CancellationToken ct) =>
            Results.Accepted($"/v1/vms/{name}", await command(commands, name, ct).ConfigureAwait(false)));

    /// <summary>QEMU keeps the log open for writing: read it shared.</summary>
    private static async Task<string> ReadSharedAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return (await reader.ReadToEndAsync(ct).ConfigureAwait(false)).Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
