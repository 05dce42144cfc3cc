using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Flotilla.Daemon.Api;

/// <summary>
/// The daemon process itself (docs/api.md): what it is, and an orderly stop. The stop is the host's own shutdown, the
/// one SIGTERM starts: hosted services stop in reverse order and the socket file goes; VMs and flotilla-lb run on
/// (ARCHITECTURE: they outlive the daemon, and the next one adopts them).
/// </summary>
internal static class DaemonEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var daemon = app.MapGroup("/v1/daemon").WithTags("daemon");
        daemon.MapGet("/", (DaemonView view) => view);
        daemon.MapPost("/stop", (DaemonView view, IHostApplicationLifetime lifetime, HttpContext context) =>
        {
            // Once the answer is out: stopping first would close the connection before the client learns the pid to wait for.
            context.Response.OnCompleted(() =>
            {
                lifetime.StopApplication();
                return Task.CompletedTask;
            });
            return Results.Accepted(value: view);
        });
    }
}
