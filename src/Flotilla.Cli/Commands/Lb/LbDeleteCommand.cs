using System.CommandLine;

namespace Flotilla.Cli.Commands.Lb;

/// <summary><c>flotilla lb delete NAME</c>: the last one stops the host's flotilla-lb.</summary>
internal static class LbDeleteCommand
{
    public static Command Create(ApiOptions api)
    {
        var name = LbCommand.NameArgument();
        var force = ForceOption.Create("balancer or router");
        var command = new Command("delete", "Delete a balancer (flotilla-lb reloads; the last one stops it)") { name, force };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var balancer = parse.GetValue(name)!;
            using var client = api.CreateClient(parse);
            await client.DeleteBalancerAsync(balancer, parse.GetValue(force), cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"balancer {balancer} deleted").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
