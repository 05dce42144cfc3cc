using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Daemon;

/// <summary>
/// <c>flotilla daemon status|stop</c>: the flotillad behind the endpoint, such as the one <c>scripts/quickstart</c> leaves
/// running in its own session. Stop asks the daemon itself (<c>POST /v1/daemon/stop</c>, the orderly stop SIGTERM
/// starts), so it stops the daemon the endpoint names and no other; then it waits until that process has exited.
/// VMs and flotilla-lb keep running by design (docs/cli.md#the-daemon).
/// </summary>
internal static class DaemonCommand
{
    /// <summary>A daemon's stop waits for its hosted services and its open requests; Kestrel gives the latter 30 s at most.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static Command Create()
    {
        var api = new ApiOptions();
        var command = new Command("daemon", "The flotillad process behind the endpoint: whether it runs, and stopping it");
        api.AddTo(command);
        command.Subcommands.Add(Status(api));
        command.Subcommands.Add(Stop(api));
        return command;
    }

    private static Command Status(ApiOptions api)
    {
        var output = new OutputOption();
        var command = new Command("status", "Say whether flotillad answers, and its pid, host, data dir, address and uptime (exit 1 when none answers)");
        output.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var client = api.CreateClient(parse);
            var daemon = await client.GetDaemonAsync(ct).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, daemon.Json, ct).ConfigureAwait(false);
            else await Console.Out.WriteLineAsync(Describe(daemon.Value)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Stop(ApiOptions api)
    {
        var command = new Command("stop", "Stop flotillad and wait until it has exited (at most 30 s); its VMs and flotilla-lb keep running. Nothing running is not an error");
        command.SetAction(async (parse, ct) =>
        {
            using var client = api.CreateClient(parse);
            Api.Hosts.DaemonView daemon;
            try
            {
                daemon = (await client.GetDaemonAsync(ct).ConfigureAwait(false)).Value;
            }
            catch (DaemonUnreachableException e) when (NobodyListens(e))
            {
                await Console.Out.WriteLineAsync($"flotillad is not running (nothing answers at {client.Endpoint}); nothing to stop").ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            // Known before asking: once stopped, its pid may be anybody's.
            var process = IsLocal(client.Endpoint) ? LocalProcess.Find(daemon.Pid) : null;
            var clock = Stopwatch.StartNew();
            await client.StopDaemonAsync(ct).ConfigureAwait(false);
            try
            {
                while (!await GoneAsync(client, process, ct).ConfigureAwait(false))
                {
                    if (clock.Elapsed > StopTimeout)
                    {
                        await Console.Error.WriteLineAsync($"flotilla: flotillad (pid {daemon.Pid}) was asked to stop and still runs after {StopTimeout.TotalSeconds:0} s; its log says what it waits for").ConfigureAwait(false);
                        return ExitCodes.Failed;
                    }
                    await Task.Delay(Poll, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"flotilla: interrupted; flotillad (pid {daemon.Pid}) was asked to stop and is stopping").ConfigureAwait(false);
                return ExitCodes.Interrupted;
            }
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"flotillad stopped (pid {daemon.Pid}, host {daemon.Host}, {clock.Elapsed.TotalSeconds:0.0} s); its VMs and flotilla-lb keep running, and the next flotillad adopts them")).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The process has exited (on this machine), or, for a daemon elsewhere, its endpoint no longer answers.</summary>
    private static async Task<bool> GoneAsync(FlotillaApiClient client, LocalProcess? process, CancellationToken ct)
    {
        if (process is not null) return process.HasExited;
        try
        {
            await client.GetDaemonAsync(ct).ConfigureAwait(false);
            return false;
        }
        catch (DaemonUnreachableException e) when (NobodyListens(e))
        {
            return true;
        }
        catch (ApiProtocolException)
        {
            // The connection closed under the request: the daemon is going.
            return false;
        }
    }

    /// <summary>A UNIX socket is on this machine; so is a loopback address. Only then is the daemon's pid one of ours.</summary>
    private static bool IsLocal(FlotillaEndpoint endpoint) => endpoint.SocketPath is not null || endpoint.BaseAddress.IsLoopback;

    /// <summary>No socket file, or nobody accepting on it; a socket we may not open (0600, another user's) is a daemon that runs.</summary>
    private static bool NobodyListens(DaemonUnreachableException e) =>
        e.InnerException?.InnerException is not SocketException { SocketErrorCode: SocketError.AccessDenied };

    private static string Describe(Api.Hosts.DaemonView daemon)
    {
        var up = DateTimeOffset.UtcNow - daemon.StartedAt;
        var uptime = up.TotalHours >= 1 ? $"{(int)up.TotalHours} h {up.Minutes} min" : up.TotalMinutes >= 1 ? $"{(int)up.TotalMinutes} min {up.Seconds} s" : $"{Math.Max(0, up.Seconds)} s";
        return $"flotillad is running: pid {daemon.Pid}, host {daemon.Host}, data {daemon.DataDir}, listening on {daemon.Listen}, up {uptime}";
    }
}
