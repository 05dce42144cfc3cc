using System.CommandLine;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Network;

/// <summary><c>flotilla network show NAME</c>: its fields and the NICs on it.</summary>
internal static class NetworkShowCommand
{
    public static Command Create(ApiOptions api)
    {
        var name = NetworkCommand.NameArgument();
        var output = new OutputOption();
        var command = new Command("show", "Show a network: namespace, gateway, addresses held, the NICs on it") { name };
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.CreateClient(parse);
            var network = await client.GetNetworkAsync(parse.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, network.Json, cancellationToken).ConfigureAwait(false);
            else await Console.Out.WriteAsync(NetworkView.Details(network.Value)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
