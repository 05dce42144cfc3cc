using System.CommandLine;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Vm;

/// <summary>
/// <c>flotilla vm snapshot create|list|revert|delete</c>: internal snapshots of a VM's disk, with its memory
/// (<c>--memory</c>, a running VM) or without. Each verb is done when flotillad answers: there is nothing to wait for.
/// </summary>
internal static class VmSnapshotCommand
{
    public static Command Create(ApiOptions api)
    {
        var command = new Command("snapshot", "Take, list, revert to and delete a VM's snapshots");
        command.Subcommands.Add(CreateCommand(api));
        command.Subcommands.Add(ListCommand(api));
        command.Subcommands.Add(RevertCommand(api));
        command.Subcommands.Add(DeleteCommand(api));
        return command;
    }

    private static Argument<string> SnapshotArgument() => new("snapshot") { Description = "The snapshot's name (a DNS label, not only digits)" };

    private static Command CreateCommand(ApiOptions api)
    {
        var name = VmCommand.NameArgument();
        var snapshot = SnapshotArgument();
        var memory = new Option<bool>("--memory") { Description = "Also save RAM and device state (a running VM): a revert resumes it where it was" };
        var output = new OutputOption();
        var command = new Command("create", "Take a snapshot: the disk, and with --memory the running VM's RAM") { name, snapshot, memory };
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var vmName = parse.GetValue(name)!;
            using var client = api.CreateClient(parse);
            ApiResponse<Api.Snapshots.SnapshotView> made;
            await using (Spinner.Start($"vm {vmName}: taking snapshot {parse.GetValue(snapshot)}"))
            {
                made = await client.CreateSnapshotAsync(vmName, new CreateSnapshotRequest { Name = parse.GetValue(snapshot)!, Memory = parse.GetValue(memory) }, cancellationToken).ConfigureAwait(false);
            }
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, made.Json, cancellationToken).ConfigureAwait(false);
            else await Console.Out.WriteLineAsync($"vm {vmName}: snapshot {made.Value.Name} created ({SnapshotView.Holds(made.Value)})").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ListCommand(ApiOptions api)
    {
        var name = VmCommand.NameArgument();
        var output = new OutputOption();
        var command = new Command("list", "List a VM's snapshots: when taken, with or without memory") { name };
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var vmName = parse.GetValue(name)!;
            using var client = api.CreateClient(parse);
            var snapshots = await client.ListSnapshotsAsync(vmName, cancellationToken).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, snapshots.Json, cancellationToken).ConfigureAwait(false);
            else if (snapshots.Value.Count == 0) await Console.Out.WriteLineAsync($"vm {vmName} has no snapshots (take one with: flotilla vm snapshot create {vmName} NAME)").ConfigureAwait(false);
            else await Console.Out.WriteAsync(SnapshotView.Table(snapshots.Value)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command RevertCommand(ApiOptions api)
    {
        var name = VmCommand.NameArgument();
        var snapshot = SnapshotArgument();
        var output = new OutputOption();
        var command = new Command("revert", "Go back to a snapshot: a running VM to its disk and memory (a --memory snapshot), a stopped one to its disk") { name, snapshot };
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var vmName = parse.GetValue(name)!;
            using var client = api.CreateClient(parse);
            ApiResponse<Api.Snapshots.SnapshotView> reverted;
            await using (Spinner.Start($"vm {vmName}: reverting to snapshot {parse.GetValue(snapshot)}"))
            {
                reverted = await client.RevertSnapshotAsync(vmName, parse.GetValue(snapshot)!, cancellationToken).ConfigureAwait(false);
            }
            if (output.Get(parse) == OutputFormat.Json)
            {
                await JsonText.WriteAsync(Console.Out, reverted.Json, cancellationToken).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            // A running VM only reverts to a snapshot with memory (flotillad refuses the rest): its state says which happened.
            var vm = await client.GetVmAsync(vmName, cancellationToken).ConfigureAwait(false);
            var live = vm.Value.Status.State is VmState.Running or VmState.Paused;
            await Console.Out.WriteLineAsync(live
                ? $"vm {vmName} reverted to snapshot {reverted.Value.Name} (disk and memory: it carries on from there)"
                : $"vm {vmName} reverted to snapshot {reverted.Value.Name} (disk: its next start boots from there)").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command DeleteCommand(ApiOptions api)
    {
        var name = VmCommand.NameArgument();
        var snapshot = SnapshotArgument();
        var command = new Command("delete", "Delete a snapshot (the VM itself is not touched)") { name, snapshot };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var vmName = parse.GetValue(name)!;
            using var client = api.CreateClient(parse);
            await client.DeleteSnapshotAsync(vmName, parse.GetValue(snapshot)!, cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"vm {vmName}: snapshot {parse.GetValue(snapshot)} deleted").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
