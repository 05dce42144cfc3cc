using System.Runtime.InteropServices;
using Flotilla.Balancer.L4.Tcp;
using Flotilla.Balancer.Runtime;
using Flotilla.Lb.Admin;
using Microsoft.Extensions.Logging.Console;

namespace Flotilla.Lb.Hosting;

/// <summary>Runs the data plane: load, apply, serve the admin API, reload on change, stop on SIGTERM/SIGINT.</summary>
internal static partial class LbHost
{
    public static async Task<int> RunAsync(string configPath, bool json, CancellationToken cancellationToken)
    {
        if (await ConfigFile.LoadWithContentOrReportAsync(configPath).ConfigureAwait(false) is not var (config, content))
        {
            return ExitCodes.BadInput;
        }

        using var loggers = CreateLoggers(json);
        var logger = loggers.CreateLogger("Flotilla.Lb");
        await using var runtime = new LbRuntime(TimeProvider.System, loggers, config.MaxConnections is { } max ? new ConnectionLimit(max) : null);
        // Watch before the first apply, so an edit made while it runs is not lost.
        using var notifier = ReadyNotifier.FromEnvironment();
        await using var reloader = new ConfigReloader(configPath, content, runtime, loggers.CreateLogger<ConfigReloader>(), notifier);

        // The admin API first: /healthz says 503 until the config is live, and a taken admin
        // port stops us before any frontend is bound.
        WebApplication? admin = null;
        if (config.Admin is { } adminConfig)
        {
            admin = AdminServer.Build(adminConfig, runtime, loggers, reloader);
            try
            {
                await admin.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                await admin.DisposeAsync().ConfigureAwait(false);
                var why = e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException ? "address already in use" : e.Message;
                await Console.Error.WriteLineAsync($"flotilla-lb: {configPath}: admin: cannot listen on {adminConfig.Address}:{adminConfig.Port}: {why}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
        }

        try
        {
            await runtime.ApplyAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (LbApplyException e)
        {
            await Console.Error.WriteLineAsync($"flotilla-lb: {configPath}: {e.Message}").ConfigureAwait(false);
            if (admin is not null)
            {
                await admin.StopAsync(CancellationToken.None).ConfigureAwait(false);
                await admin.DisposeAsync().ConfigureAwait(false);
            }

            return ExitCodes.Failure;
        }

        // A frontend whose address is in use is retried until it binds; say so once where a user
        // starting us by hand looks, beside the log's warning.
        foreach (var waiting in runtime.Listeners.Concat(runtime.Routers.ListenerStatus()).Where(l => !l.Live))
        {
            var who = waiting.Router is { } router ? $"router {router}" : $"rule {waiting.Balancer}/{waiting.Rule}";
            await Console.Error.WriteLineAsync($"flotilla-lb: {configPath}: warning: {who}: cannot listen on {waiting.Frontend}: {waiting.Error}; the rest is serving, retrying until it is free").ConfigureAwait(false);
        }

        reloader.Start();
        LogStarted(logger, Path.GetFullPath(configPath), runtime.Rules.Count, config.Routers.Count, config.Admin is { } a ? $"{a.Address}:{a.Port}" : "off", runtime.ConnectionLimit.Max);
        // After the admin API and the config: whoever waits for this finds /status showing the config live.
        notifier?.Ready("serving");
        await WaitForStopAsync(cancellationToken).ConfigureAwait(false);
        LogStopping(logger);
        if (admin is not null)
        {
            await admin.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await admin.DisposeAsync().ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    private static async Task WaitForStopAsync(CancellationToken cancellationToken)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        await stop.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static ILoggerFactory CreateLoggers(bool json) => LoggerFactory.Create(b =>
    {
        b.SetMinimumLevel(LogLevel.Information);
        b.AddFilter("Microsoft", LogLevel.Warning);
        // YARP logs every proxied request at Information and every failed one with a stack trace;
        // the router's metrics count both. Its config and health warnings stay.
        b.AddFilter("Yarp", LogLevel.Warning);
        b.AddFilter("Yarp.ReverseProxy.Forwarder", LogLevel.Error);
        // Kestrel failing to bind is reported by us in one line; its host would add a stack trace.
        b.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        if (json)
        {
            b.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ");
        }
        else
        {
            b.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }
    });

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "flotilla-lb serving {Config}: {Rules} rules, {Routers} routers, admin {Admin}, at most {MaxConnections} TCP flows")]
    private static partial void LogStarted(ILogger logger, string config, int rules, int routers, string admin, int maxConnections);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "flotilla-lb stopping")]
    private static partial void LogStopping(ILogger logger);
}
