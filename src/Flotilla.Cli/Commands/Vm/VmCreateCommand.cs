using System.CommandLine;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Vm;

/// <summary>
/// <c>flotilla vm create NAME --template T [--cpus N] [--memory MIB] …</c>: defines a VM. A
/// transient VM is created running, so for one the command also waits until it runs.
/// </summary>
internal static class VmCreateCommand
{
    public static Command Create(ApiOptions api)
    {
        var name = VmCommand.NameArgument();
        var template = new Option<string>("--template") { Description = "The template to clone: a built one (e.g. tiny-web) or a user template", Required = true };
        var cpus = new Option<int?>("--cpus") { Description = "Virtual CPUs (default: a user template's, else 1)" };
        var memory = new Option<int?>("--memory") { Description = "Memory in MiB (default: a user template's, else 128)" };
        var userData = new Option<string?>("--user-data") { Description = "A file whose text is the guest's NoCloud user-data (a #! script or #cloud-config)" };
        var transient = new Option<bool>("--transient") { Description = "Exists only while running: created running, undefined when it stops" };
        var forwards = new Option<string[]>("--forward") { Description = "Forward 127.0.0.1:HOSTPORT to the guest's port, HOSTPORT:GUESTPORT (repeatable)" };
        var onCrash = new Option<string>("--on-crash") { Description = "When QEMU dies: preserve (report crashed, keep for inspection) or restart", DefaultValueFactory = _ => "preserve" };
        onCrash.AcceptOnlyFromAmong("preserve", "restart");
        var fullClone = new Option<bool>("--full-clone") { Description = "Copy the template's disk instead of a copy-on-write (linked) clone" };
        var autostart = new Option<bool>("--autostart") { Description = "Start it whenever flotillad starts" };
        var networks = new Option<string[]>("--network") { Description = "A NIC on this network (repeatable: one NIC each, in order); none: user networking" };
        var ips = new Option<string[]>("--ip") { Description = "The address of the NIC on the matching --network (repeatable, in order; default: the next free)" };
        var pool = new Option<string?>("--pool") { Description = "The storage pool for its disk (default: default)" };
        var output = new OutputOption();
        var wait = new WaitOptions();

        var command = new Command("create", "Define a VM from a template (a transient one is started, and waited for)")
        {
            name, template, cpus, memory, userData, transient, forwards, onCrash, fullClone, autostart, networks, ips, pool,
        };
        output.AddTo(command);
        wait.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            // Everything the user gave is checked before anything is sent.
            var timeout = wait.Timeout(parse);
            var nics = Nics(parse.GetValue(networks) ?? [], parse.GetValue(ips) ?? []);
            var request = new CreateVmRequest
            {
                Name = parse.GetValue(name)!,
                Template = parse.GetValue(template)!,
                Cpus = parse.GetValue(cpus),
                MemoryMiB = parse.GetValue(memory),
                UserData = parse.GetValue(userData) is { } file ? await ReadUserDataAsync(file, cancellationToken).ConfigureAwait(false) : null,
                Transient = parse.GetValue(transient),
                Forwards = [.. (parse.GetValue(forwards) ?? []).Select(ForwardText.Parse)],
                OnCrash = parse.GetValue(onCrash) == "restart" ? CrashPolicy.Restart : CrashPolicy.Preserve,
                FullClone = parse.GetValue(fullClone),
                Autostart = parse.GetValue(autostart),
                Networks = nics,
                Pool = parse.GetValue(pool),
            };
            using var client = api.CreateClient(parse);
            ApiResponse<Api.Vms.VmView>? created;
            await using (Spinner.Start($"vm {request.Name}: creating"))
            {
                created = await client.CreateVmAsync(request, cancellationToken).ConfigureAwait(false);
            }
            if (created.Value.Spec.Power == PowerState.Running)
            {
                created = await WaitOptions.WaitAsync(client, WaitGoal.Running(created.Value), timeout, cancellationToken).ConfigureAwait(false) ?? created;
            }

            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, created.Json, cancellationToken).ConfigureAwait(false);
            else await Console.Out.WriteLineAsync(Summary(created.Value)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Summary(Api.Vms.VmView vm) => vm.Status.State == VmState.Stopped
        ? $"vm {vm.Name} created (stopped); start it with: flotilla vm start {vm.Name}"
        : $"vm {vm.Name} created ({VmView.State(vm.Status.State)})";

    /// <summary>The n-th <c>--ip</c> goes with the n-th <c>--network</c>.</summary>
    private static IReadOnlyList<NicRequest>? Nics(string[] networks, string[] ips)
    {
        if (ips.Length > networks.Length) throw new UserInputException($"{ips.Length} --ip for {networks.Length} --network: each --ip goes with the --network in the same position");
        return networks.Length == 0 ? null : networks.Select((n, i) => new NicRequest { Network = n, Address = i < ips.Length ? ips[i] : null }).ToList();
    }

    /// <summary>The daemon never sees a path of the client's machine: the text travels in the request.</summary>
    private static async Task<string> ReadUserDataAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file",
                UnauthorizedAccessException when Directory.Exists(path) => "it is a directory",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message,
            };
            throw new UserInputException($"--user-data: cannot read '{path}': {reason}", e);
        }
    }
}
