using System.CommandLine;

namespace Flotilla.Cli.Commands.Vm;

/// <summary><c>flotilla vm undefine NAME</c>: removes a stopped VM's definition and files (a running one is refused).</summary>
internal static class VmUndefineCommand
{
    public static Command Create(ApiOptions api)
    {
        var name = VmCommand.NameArgument();
        var force = ForceOption.Create("VM");
        var command = new Command("undefine", "Remove a VM's definition and its files (stop it first)") { name, force };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var vmName = parse.GetValue(name)!;
            using var client = api.CreateClient(parse);
            await client.UndefineAsync(vmName, parse.GetValue(force), cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"vm {vmName} undefined").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
