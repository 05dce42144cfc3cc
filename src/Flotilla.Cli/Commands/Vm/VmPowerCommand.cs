using System.CommandLine;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Vm;

/// <summary>
/// <c>flotilla vm start|shutdown|destroy|pause|resume|reboot NAME</c>: sends the verb (the spec
/// changes, 202), then waits until the status follows (<see cref="WaitGoal"/>).
/// </summary>
internal static class VmPowerCommand
{
    public static Command Create(ApiOptions api, VmVerb verb)
    {
        var name = VmCommand.NameArgument();
        var output = new OutputOption();
        var wait = new WaitOptions();
        var command = new Command(verb.ToString().ToLowerInvariant(), Description(verb)) { name };
        output.AddTo(command);
        wait.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var timeout = wait.Timeout(parse);
            var vmName = parse.GetValue(name)!;
            using var client = api.CreateClient(parse);
            var accepted = await client.SendVerbAsync(vmName, verb, cancellationToken).ConfigureAwait(false);
            var goal = WaitGoal.For(verb, accepted.Value);
            var reached = await WaitOptions.WaitAsync(client, goal, timeout, cancellationToken).ConfigureAwait(false);

            if (output.Get(parse) == OutputFormat.Json)
            {
                // A transient VM that is gone has no JSON left: null, so a script's parser still gets a document.
                await Console.Out.WriteLineAsync(reached is null ? "null" : JsonText.Indent(reached.Json)).ConfigureAwait(false);
            }
            else
            {
                await Console.Out.WriteLineAsync(reached is null
                    ? $"vm {vmName} is stopped and gone (it was transient)"
                    : $"vm {vmName} is {(verb == VmVerb.Reboot ? "rebooted and running" : goal.Description)}").ConfigureAwait(false);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Description(VmVerb verb) => verb switch
    {
        VmVerb.Start => "Start a VM and wait until it is running",
        VmVerb.Shutdown => "Shut a VM down via ACPI (QEMU is made to quit after 60 s) and wait until it is stopped",
        VmVerb.Destroy => "Stop a VM at once, like pulling the plug, and wait until it is stopped",
        VmVerb.Pause => "Pause a VM's CPUs and wait until it is paused",
        VmVerb.Resume => "Resume a paused VM and wait until it is running",
        VmVerb.Reboot => "Reboot a VM and wait until it is running again",
        _ => throw new ArgumentOutOfRangeException(nameof(verb), verb, null),
    };
}
