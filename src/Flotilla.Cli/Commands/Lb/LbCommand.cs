using System.CommandLine;

namespace Flotilla.Cli.Commands.Lb;

/// <summary><c>flotilla lb …</c>: the host's balancers, served by the flotilla-lb that flotillad supervises (docs/flotillad.md).</summary>
internal static class LbCommand
{
    public static Command Create()
    {
        var api = new ApiOptions();
        var command = new Command("lb", "List, inspect and delete load balancers (served by the host's flotilla-lb)");
        api.AddTo(command);
        command.Subcommands.Add(LbListCommand.Create(api));
        command.Subcommands.Add(LbShowCommand.Create(api));
        command.Subcommands.Add(LbDeleteCommand.Create(api));
        return command;
    }

    public static Argument<string> NameArgument() => new("name") { Description = "The balancer's name (a DNS label)" };
}
