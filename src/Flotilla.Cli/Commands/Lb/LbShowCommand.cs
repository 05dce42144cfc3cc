using System.CommandLine;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Lb;

/// <summary><c>flotilla lb show NAME</c>: its rules and each member's health.</summary>
internal static class LbShowCommand
{
    public static Command Create(ApiOptions api)
    {
        var name = LbCommand.NameArgument();
        var output = new OutputOption();
        var command = new Command("show", "Show a balancer: rules, members and their health, the flotilla-lb process") { name };
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.CreateClient(parse);
            var balancer = await client.GetBalancerAsync(parse.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, balancer.Json, cancellationToken).ConfigureAwait(false);
            else await Console.Out.WriteAsync(LbView.Details(balancer.Value)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
