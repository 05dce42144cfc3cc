using System.CommandLine;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Vm;

/// <summary><c>flotilla vm show NAME</c>: one VM's spec and status.</summary>
internal static class VmShowCommand
{
    public static Command Create(ApiOptions api)
    {
        var name = VmCommand.NameArgument();
        var output = new OutputOption();
        var command = new Command("show", "Show a VM: what is wanted (spec) and what is (status)") { name };
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.CreateClient(parse);
            var vm = await client.GetVmAsync(parse.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, vm.Json, cancellationToken).ConfigureAwait(false);
            else await Console.Out.WriteAsync(VmView.Details(vm.Value)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
