using System.CommandLine;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Stack;

/// <summary>
/// <c>flotilla stack list|show NAME</c>: what the reconciler sees of each stack, as conditions (<c>kubectl get</c> and
/// <c>kubectl describe</c>). <c>show</c> exits 0 when the stack is ready and 3 when it is not, so a script can wait on it.
/// </summary>
internal static class StackStatusCommand
{
    public static Command Create()
    {
        var api = new ApiOptions();
        var command = new Command("stack", "Show the stacks on this host and why a resource is not ready");
        api.AddTo(command);
        command.Subcommands.Add(List(api));
        command.Subcommands.Add(Show(api));
        return command;
    }

    private static Command List(ApiOptions api)
    {
        var output = new OutputOption();
        var command = new Command("list", "List the stacks: ready or not, and the first reason");
        output.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var client = api.CreateClient(parse);
            var stacks = await client.ListStacksAsync(ct).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, stacks.Json, ct).ConfigureAwait(false);
            else if (stacks.Value.Count == 0) await Console.Out.WriteLineAsync("no stacks (flotilla apply -f FILE makes one)").ConfigureAwait(false);
            else await Console.Out.WriteAsync(StackStatusView.Table(stacks.Value)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(ApiOptions api)
    {
        var name = new Argument<string>("name") { Description = "The stack's name (its file's name:)" };
        var output = new OutputOption();
        var command = new Command("show", "Show a stack's resources and their conditions; exit 3 when it is not ready") { name };
        output.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var client = api.CreateClient(parse);
            var stack = await client.GetStackAsync(parse.GetValue(name)!, ct).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, stack.Json, ct).ConfigureAwait(false);
            else await Console.Out.WriteAsync(StackStatusView.Details(stack.Value)).ConfigureAwait(false);
            return stack.Value.Ready ? ExitCodes.Ok : ExitCodes.NotReady;
        });
        return command;
    }
}
