using System.CommandLine;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Lb;

/// <summary><c>flotilla lb list</c>.</summary>
internal static class LbListCommand
{
    public static Command Create(ApiOptions api)
    {
        var output = new OutputOption();
        var command = new Command("list", "List the balancers and routers: frontends (a router's listeners), members up and down, the flotilla-lb serving them");
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.CreateClient(parse);
            var balancers = await client.ListBalancersAsync(cancellationToken).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, balancers.Json, cancellationToken).ConfigureAwait(false);
            else if (balancers.Value.Count == 0) await Console.Out.WriteLineAsync("no balancers (a stack file's loadBalancers: and routers: make them with flotilla apply, see docs/stack-file.md)").ConfigureAwait(false);
            else await Console.Out.WriteAsync(LbView.Table(balancers.Value)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
