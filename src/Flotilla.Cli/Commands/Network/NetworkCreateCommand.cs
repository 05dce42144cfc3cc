using System.CommandLine;
using Flotilla.Api.Json;
using Flotilla.Cli.Commands.Output;
using Flotilla.Core.Networks;

namespace Flotilla.Cli.Commands.Network;

/// <summary><c>flotilla network create NAME --cidr 10.0.1.0/24 [--mode nat|isolated|bridge] [--host-bridge BR]</c>.</summary>
internal static class NetworkCreateCommand
{
    public static Command Create(ApiOptions api)
    {
        var name = NetworkCommand.NameArgument();
        var cidr = new Option<string>("--cidr") { Description = "The network's IPv4 prefix, e.g. 10.0.1.0/24 (may overlap other networks and the host's LAN)", Required = true };
        var mode = new Option<string>("--mode") { Description = "nat (outbound through the host), isolated (VMs see only each other) or bridge (joins a host bridge)", DefaultValueFactory = _ => "nat" };
        mode.AcceptOnlyFromAmong("nat", "isolated", "bridge");
        var hostBridge = new Option<string?>("--host-bridge") { Description = "For --mode bridge: the host bridge to join" };
        var output = new OutputOption();
        var command = new Command("create", "Create a network: its namespace, bridge and (nat) uplink are built before this returns") { name, cidr, mode, hostBridge };
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.CreateClient(parse);
            // --mode accepts only the three names, so the parse cannot fail.
            var request = new CreateNetworkRequest
            {
                Name = parse.GetValue(name)!, Cidr = parse.GetValue(cidr)!, Mode = Enum.Parse<NetworkMode>(parse.GetValue(mode)!, ignoreCase: true),
                HostBridge = parse.GetValue(hostBridge),
            };
            var created = await client.CreateNetworkAsync(request, cancellationToken).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, created.Json, cancellationToken).ConfigureAwait(false);
            else await Console.Out.WriteLineAsync($"network {created.Value.Name} created ({WireText.Of(created.Value.Mode)}, {created.Value.Cidr}, gateway {created.Value.Gateway})").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
