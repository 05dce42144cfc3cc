using System.CommandLine;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Vm;

/// <summary>
/// <c>flotilla vm clone SOURCE NAME [--full-clone] [--forward H:G]…</c>: a new, stopped VM with the source's disk
/// content, template, size and user-data, and a new MAC and instance-id. The source must be stopped.
/// </summary>
internal static class VmCloneCommand
{
    public static Command Create(ApiOptions api)
    {
        var source = new Argument<string>("source") { Description = "The VM to clone (stopped)" };
        var name = VmCommand.NameArgument();
        var fullClone = new Option<bool>("--full-clone") { Description = "A standalone copy of the disk instead of a linked clone (an overlay on the template's disk)" };
        var forwards = new Option<string[]>("--forward") { Description = "The clone's own forwards, HOSTPORT:GUESTPORT (repeatable; the source's are not copied)" };
        var output = new OutputOption();
        var command = new Command("clone", "Make a new VM from a stopped one: its disk as it is now, a new MAC and identity")
        {
            source, name, fullClone, forwards,
        };
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new CloneVmRequest
            {
                Name = parse.GetValue(name)!,
                FullClone = parse.GetValue(fullClone),
                Forwards = [.. (parse.GetValue(forwards) ?? []).Select(ForwardText.Parse)],
            };
            var from = parse.GetValue(source)!;
            using var client = api.CreateClient(parse);
            ApiResponse<Api.Vms.VmView> clone;
            await using (Spinner.Start($"vm {request.Name}: cloning {from}"))
            {
                clone = await client.CloneVmAsync(from, request, cancellationToken).ConfigureAwait(false);
            }
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, clone.Json, cancellationToken).ConfigureAwait(false);
            else await Console.Out.WriteLineAsync($"vm {clone.Value.Name} cloned from {from} (stopped); start it with: flotilla vm start {clone.Value.Name}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
