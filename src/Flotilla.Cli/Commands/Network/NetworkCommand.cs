using System.CommandLine;

namespace Flotilla.Cli.Commands.Network;

/// <summary><c>flotilla network …</c>: virtual networks through flotillad (docs/networks.md).</summary>
internal static class NetworkCommand
{
    public static Command Create()
    {
        var api = new ApiOptions();
        var command = new Command("network", "Create, inspect and delete virtual networks; run commands and captures inside them");
        api.AddTo(command);
        command.Subcommands.Add(NetworkCreateCommand.Create(api));
        command.Subcommands.Add(NetworkListCommand.Create(api));
        command.Subcommands.Add(NetworkShowCommand.Create(api));
        command.Subcommands.Add(NetworkDeleteCommand.Create(api));
        command.Subcommands.Add(NetworkExecCommand.Create(api));
        command.Subcommands.Add(NetworkCaptureCommand.Create(api));
        return command;
    }

    public static Argument<string> NameArgument() => new("name") { Description = "The network's name (a DNS label)" };
}
