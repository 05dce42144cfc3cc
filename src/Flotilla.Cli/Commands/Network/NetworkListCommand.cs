using System.CommandLine;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Network;

/// <summary><c>flotilla network list</c>.</summary>
internal static class NetworkListCommand
{
    public static Command Create(ApiOptions api)
    {
        var output = new OutputOption();
        var command = new Command("list", "List the networks: mode, CIDR, gateway, NICs on each");
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.CreateClient(parse);
            var networks = await client.ListNetworksAsync(cancellationToken).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, networks.Json, cancellationToken).ConfigureAwait(false);
            else if (networks.Value.Count == 0) await Console.Out.WriteLineAsync("no networks (create one with: flotilla network create NAME --cidr 10.0.1.0/24)").ConfigureAwait(false);
            else await Console.Out.WriteAsync(NetworkView.Table(networks.Value)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
