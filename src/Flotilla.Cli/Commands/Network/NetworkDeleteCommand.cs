using System.CommandLine;

namespace Flotilla.Cli.Commands.Network;

/// <summary><c>flotilla network delete NAME</c>: refused while a VM has a NIC on it.</summary>
internal static class NetworkDeleteCommand
{
    public static Command Create(ApiOptions api)
    {
        var name = NetworkCommand.NameArgument();
        var force = ForceOption.Create("network");
        var command = new Command("delete", "Delete a network: its namespace, bridge, uplink and rules (refused while VMs are on it)") { name, force };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var network = parse.GetValue(name)!;
            using var client = api.CreateClient(parse);
            await client.DeleteNetworkAsync(network, parse.GetValue(force), cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"network {network} deleted").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
