using System.CommandLine;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Events;

/// <summary>
/// <c>flotilla events [-w] [--since ID] [-o json]</c>: the host's events (VM states, balancer reloads and restarts,
/// probes, networks), like <c>kubectl get events -w</c>. With <c>-w</c> it follows until Ctrl-C; with <c>-o json</c>
/// the list is the API's array, and a watch prints the daemon's NDJSON lines as they come.
/// </summary>
internal static class EventsCommand
{
    public static Command Create()
    {
        var api = new ApiOptions();
        var watch = new Option<bool>("--watch", "-w") { Description = "Keep following new events until Ctrl-C" };
        var since = new Option<long>("--since") { Description = "Only events after this id (ids grow; -o json shows them)", DefaultValueFactory = _ => 0 };
        var output = new OutputOption();
        var command = new Command("events", "Show the host's events: TIME TYPE OBJECT MESSAGE") { watch, since };
        api.AddTo(command);
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.CreateClient(parse);
            var json = output.Get(parse) == OutputFormat.Json;
            if (!parse.GetValue(watch))
            {
                var events = await client.ListEventsAsync(parse.GetValue(since), cancellationToken).ConfigureAwait(false);
                if (json) await JsonText.WriteAsync(Console.Out, events.Json, cancellationToken).ConfigureAwait(false);
                else await Console.Out.WriteAsync(EventView.Table(events.Value)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            if (!json) await Console.Out.WriteLineAsync(EventView.HeaderLine).ConfigureAwait(false);
            try
            {
                await foreach (var (e, line) in client.WatchEventsAsync(parse.GetValue(since), cancellationToken).ConfigureAwait(false))
                {
                    await Console.Out.WriteLineAsync(json ? line : EventView.Line(e)).ConfigureAwait(false);
                    await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C ends a watch; that is its normal end.
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
