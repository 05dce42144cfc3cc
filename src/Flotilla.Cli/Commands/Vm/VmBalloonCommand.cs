using System.CommandLine;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Vm;

/// <summary>
/// <c>flotilla vm balloon NAME --target MIB</c>: sets the virtio-balloon target, then, for a running VM, waits until
/// the guest's actual memory is there (within <see cref="WaitGoal.BalloonToleranceMiB"/>). A VM that is not running
/// keeps the target for its next start.
/// </summary>
internal static class VmBalloonCommand
{
    public static Command Create(ApiOptions api)
    {
        var name = VmCommand.NameArgument();
        var target = new Option<int>("--target") { Description = "The memory the guest keeps, in MiB (16 up to its memory size)", Required = true };
        var output = new OutputOption();
        var wait = new WaitOptions();
        var command = new Command("balloon", "Give memory back to the host (or take it again) through the VM's balloon, and wait until the guest has") { name, target };
        output.AddTo(command);
        wait.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var timeout = wait.Timeout(parse);
            var vmName = parse.GetValue(name)!;
            var targetMiB = parse.GetValue(target);
            using var client = api.CreateClient(parse);
            var accepted = await client.SetBalloonAsync(vmName, targetMiB, cancellationToken).ConfigureAwait(false);
            // A stopped VM has no guest to ask, and a paused one cannot answer: the target waits for it to run.
            var reached = accepted.Value.Status.State is VmState.Running or VmState.Starting
                ? await WaitOptions.WaitAsync(client, WaitGoal.Balloon(accepted.Value, targetMiB), timeout, cancellationToken).ConfigureAwait(false)
                : null;
            var vm = reached ?? accepted;

            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, vm.Json, cancellationToken).ConfigureAwait(false);
            else if (reached is null) await Console.Out.WriteLineAsync($"vm {vmName}: balloon target {targetMiB} MiB, applied once it runs (it is {VmView.State(vm.Value.Status.State)})").ConfigureAwait(false);
            else await Console.Out.WriteLineAsync($"vm {vmName}: balloon at {vm.Value.Status.BalloonActualMiB} MiB (target {targetMiB} MiB of {vm.Value.Spec.MemoryMiB} MiB)").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
