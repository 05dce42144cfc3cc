using System.CommandLine;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Vm;

/// <summary><c>flotilla vm autostart NAME [--disable]</c>: whether flotillad starts the VM when it starts.</summary>
internal static class VmAutostartCommand
{
    public static Command Create(ApiOptions api)
    {
        var name = VmCommand.NameArgument();
        var disable = new Option<bool>("--disable") { Description = "Do not start it with flotillad any more" };
        var output = new OutputOption();
        var command = new Command("autostart", "Start a VM whenever flotillad starts (or, with --disable, no longer)") { name, disable };
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.CreateClient(parse);
            var vm = await client.SetAutostartAsync(parse.GetValue(name)!, enabled: !parse.GetValue(disable), cancellationToken).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, vm.Json, cancellationToken).ConfigureAwait(false);
            else await Console.Out.WriteLineAsync($"vm {vm.Value.Name}: autostart {(vm.Value.Spec.Autostart ? "enabled" : "disabled")}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
