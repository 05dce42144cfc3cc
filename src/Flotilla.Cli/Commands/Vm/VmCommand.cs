using System.CommandLine;

namespace Flotilla.Cli.Commands.Vm;

/// <summary><c>flotilla vm …</c>: a host's VMs through its flotillad (docs/cli.md).</summary>
internal static class VmCommand
{
    public static Command Create()
    {
        var api = new ApiOptions();
        var command = new Command("vm", "Create, start, stop and inspect VMs through flotillad");
        api.AddTo(command);
        command.Subcommands.Add(VmCreateCommand.Create(api));
        foreach (var verb in Enum.GetValues<VmVerb>()) command.Subcommands.Add(VmPowerCommand.Create(api, verb));
        command.Subcommands.Add(VmUndefineCommand.Create(api));
        command.Subcommands.Add(VmListCommand.Create(api));
        command.Subcommands.Add(VmShowCommand.Create(api));
        command.Subcommands.Add(VmConsoleCommand.Create(api));
        command.Subcommands.Add(VmAutostartCommand.Create(api));
        command.Subcommands.Add(VmCloneCommand.Create(api));
        command.Subcommands.Add(VmSnapshotCommand.Create(api));
        command.Subcommands.Add(VmBalloonCommand.Create(api));
        return command;
    }

    public static Argument<string> NameArgument() => new("name") { Description = "The VM's name (a DNS label)" };
}
