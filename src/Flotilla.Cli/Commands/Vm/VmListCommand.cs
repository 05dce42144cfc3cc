using System.CommandLine;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Vm;

/// <summary><c>flotilla vm list</c>: every VM of the host, a line each.</summary>
internal static class VmListCommand
{
    public static Command Create(ApiOptions api)
    {
        var output = new OutputOption();
        var command = new Command("list", "List the host's VMs: state, wanted power, size, forwards");
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.CreateClient(parse);
            var vms = await client.ListVmsAsync(cancellationToken).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, vms.Json, cancellationToken).ConfigureAwait(false);
            else if (vms.Value.Count == 0) await Console.Out.WriteLineAsync("no VMs (create one with: flotilla vm create NAME --template tiny-web)").ConfigureAwait(false);
            else await Console.Out.WriteAsync(VmView.Table(vms.Value)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
