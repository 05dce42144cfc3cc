using System.CommandLine;
using Flotilla.Api.Json;
using Flotilla.Cli.Commands.Output;
using Flotilla.Cli.Commands.Stack;

namespace Flotilla.Cli.Commands.Operation;

/// <summary>
/// <c>flotilla operation list|show|watch</c>: the stored applies and destroys (docs/cli.md, Operations). An apply goes on
/// in flotillad when its CLI is stopped or killed; these verbs find it again and follow it.
/// </summary>
internal static class OperationCommand
{
    public static Command Create()
    {
        var api = new ApiOptions();
        var command = new Command("operation", "Stored applies and destroys: list them, show one, follow one to its end");
        api.AddTo(command);
        command.Subcommands.Add(List(api));
        command.Subcommands.Add(Show(api));
        command.Subcommands.Add(Watch(api));
        return command;
    }

    private static Argument<string> IdArgument() => new("id") { Description = "The operation's id (op-…), as operation list shows it" };

    private static Command List(ApiOptions api)
    {
        var stack = new Option<string?>("--stack") { Description = "Only this stack's operations" };
        var output = new OutputOption();
        var command = new Command("list", "List the stored operations, oldest first: id, kind, stack, state, when, and the step a failed one stood at") { stack };
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.CreateClient(parse);
            var operations = await client.ListOperationsAsync(parse.GetValue(stack), cancellationToken).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, operations.Json, cancellationToken).ConfigureAwait(false);
            else await Console.Out.WriteAsync(OperationView.Table(operations.Value)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(ApiOptions api)
    {
        var id = IdArgument();
        var output = new OutputOption();
        var command = new Command("show", "Show an operation: its fields, then its progress as the apply printed it") { id };
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.CreateClient(parse);
            var operation = await client.GetOperationAsync(parse.GetValue(id)!, cancellationToken).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json)
            {
                await JsonText.WriteAsync(Console.Out, operation.Json, cancellationToken).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            await Console.Out.WriteLineAsync(OperationView.Details(operation.Value)).ConfigureAwait(false);
            var printer = new StackProgressPrinter(WireText.Of(operation.Value.Kind));
            foreach (var line in operation.Value.Progress) await printer.PrintAsync(line).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Watch(ApiOptions api)
    {
        var id = IdArgument();
        var command = new Command("watch", "Follow an operation from its first line to its end, as its apply or destroy prints it; exit 1 when it failed") { id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.CreateClient(parse);
            var operation = (await client.GetOperationAsync(parse.GetValue(id)!, cancellationToken).ConfigureAwait(false)).Value;
            var printer = new StackProgressPrinter(WireText.Of(operation.Kind));
            await client.WatchOperationAsync(operation.Id, 0, printer.PrintAsync, cancellationToken).ConfigureAwait(false);
            if (printer.Failed) return ExitCodes.Failed;
            await printer.PrintSummaryAsync().ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
