using System.Net;
using System.Text.Json;
using Flotilla.Compute;
using Flotilla.Daemon.Api;
using Flotilla.Daemon.Balancers;
using Flotilla.Daemon.Events;
using Flotilla.Daemon.Networks;
using Flotilla.Daemon.Pools;
using Flotilla.Daemon.Reconciling;
using Flotilla.Daemon.Security;
using Flotilla.Daemon.Snapshots;
using Flotilla.Daemon.Templates;
using Flotilla.Daemon.Vms;
using Flotilla.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Flotilla.Daemon.Hosting;

/// <summary>Builds and runs flotillad: the store, the compute runtime, the reconciler, and the API on its listener.</summary>
internal static class DaemonHost
{
    public static WebApplication Build(string dataDir, ListenAddress listen, string hostName, IStore store)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        builder.Services.AddOpenApi();
        builder.Services.AddProblemDetails();
        // A body that does not bind (bad JSON, a forward like "80") must reach the problem mapping below, not an empty 400.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new DaemonView(Environment.ProcessId, hostName, dataDir, listen.ToString(), TimeProvider.System.GetUtcNow()));
        builder.Services.AddSingleton(sp => new HostCompute(
            new ComputeOptions { DataDir = dataDir, HostName = hostName }, sp.GetRequiredService<ILoggerFactory>(), TimeProvider.System));
        builder.Services.AddSingleton(sp => new DaemonState(hostName, sp.GetRequiredService<HostCompute>(), HostCapacity.Detect()));
        builder.Services.AddSingleton<VmRepository>();
        // The event log first: hosted services stop in reverse order, so it stops last and keeps what the others tell.
        builder.Services.AddSingleton<EventLog>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EventLog>());
        builder.Services.AddHostedService<VmStateEvents>();
        // Early, so it stops late: the host stays registered while the others stop.
        builder.Services.AddSingleton(sp =>
        {
            var capacity = sp.GetRequiredService<DaemonState>().Capacity;
            return new HostRecord(hostName, Environment.ProcessId, listen.ToString(), sp.GetRequiredService<DaemonView>().StartedAt, capacity.Cpus, capacity.MemoryMiB);
        });
        builder.Services.AddHostedService<HostHeartbeat>();
        // Networks first: hosted services start in order, and VMs that start at once need their networks built.
        builder.Services.AddSingleton<NetworkRepository>();
        builder.Services.AddSingleton<AddressBook>();
        builder.Services.AddSingleton<NetworkReconciler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NetworkReconciler>());
        builder.Services.AddSingleton<VmReconciler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<VmReconciler>());
        builder.Services.AddSingleton(LbPaths.Under(dataDir));
        builder.Services.AddSingleton<BalancerRepository>();
        builder.Services.AddSingleton<LbSupervisor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LbSupervisor>());
        builder.Services.AddSingleton<BalancerCommands>();
        builder.Services.AddSingleton<DefinitionGate>();
        builder.Services.AddSingleton<VmCommands>();
        builder.Services.AddSingleton<VmNics>();
        builder.Services.AddSingleton<NetworkCommands>();
        builder.Services.AddSingleton<SecurityGroupRepository>();
        builder.Services.AddSingleton<SecurityGroupCommands>();
        builder.Services.AddSingleton<Flotilla.Daemon.Stacks.StackState>();
        builder.Services.AddSingleton<Flotilla.Daemon.Stacks.StackDeclarations>();
        builder.Services.AddSingleton<Flotilla.Daemon.Stacks.StackCommands>();
        builder.Services.AddSingleton<Flotilla.Daemon.Stacks.Status.StackStatusReader>();
        builder.Services.AddSingleton<SnapshotCommands>();
        builder.Services.AddSingleton<PoolRepository>();
        builder.Services.AddSingleton<PoolCommands>();
        builder.Services.AddSingleton<TemplateRepository>();
        builder.Services.AddSingleton<TemplateCommands>();
        // Last, so it stops first: an operation is interrupted before the services it calls stop under it.
        builder.Services.AddSingleton<Flotilla.Daemon.Operations.OperationRepository>();
        builder.Services.AddSingleton<Flotilla.Daemon.Operations.OperationController>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Flotilla.Daemon.Operations.OperationController>());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (listen.IsUnix) kestrel.ListenUnixSocket(listen.SocketPath!);
            else kestrel.Listen(IPAddress.Parse(listen.Http!.Host), listen.Http.Port);
        });

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (Exception e) when (ProblemTypes.For(e) is not null)
            {
                await ProblemTypes.ToResult(e, context).ExecuteAsync(context).ConfigureAwait(false);
            }
            catch (BadHttpRequestException e)
            {
                await Results.Problem(detail: FirstLine((e.InnerException as JsonException)?.Message ?? e.Message), statusCode: StatusCodes.Status400BadRequest,
                    title: "Invalid VM spec", type: ProblemTypes.Base + "invalid-spec").ExecuteAsync(context).ConfigureAwait(false);
            }
        });
        if (!listen.IsUnix) UseBearerToken(app, ApiToken.LoadOrCreate(dataDir));
        app.MapOpenApi("/openapi/{documentName}.json");
        VmEndpoints.Map(app);
        SnapshotEndpoints.Map(app);
        HostEndpoints.Map(app);
        NetworkEndpoints.Map(app);
        SecurityGroupEndpoints.Map(app);
        StackEndpoints.Map(app);
        OperationEndpoints.Map(app);
        PoolEndpoints.Map(app);
        TemplateEndpoints.Map(app);
        BalancerEndpoints.Map(app);
        EventEndpoints.Map(app);
        DaemonEndpoints.Map(app);
        return app;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    private static void UseBearerToken(WebApplication app, string token) => app.Use(async (context, next) =>
    {
        if (context.Request.Headers.Authorization.ToString() != $"Bearer {token}")
        {
            await Results.Problem(detail: "missing or wrong bearer token (it is in DATA_DIR/api-token)", statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized", type: ProblemTypes.Base + "unauthorized").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        await next(context).ConfigureAwait(false);
    });
}
