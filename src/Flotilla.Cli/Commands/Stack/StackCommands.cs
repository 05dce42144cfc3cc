using System.CommandLine;
using Flotilla.Cli.Commands.LoadTest;

namespace Flotilla.Cli.Commands.Stack;

/// <summary>
/// <c>flotilla plan|apply|destroy -f FILE</c>, Terraform's verbs for a stack file (docs/stack-file.md): plan shows what
/// apply would do; apply does it, step by step, and prints the outputs; destroy removes what the stack owns, named by
/// its file or by its name (<c>destroy NAME</c>: the daemon knows what each stack owns).
/// </summary>
internal static class StackCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Plan();
        yield return Run("apply", "Converge this host to the stack file: show the plan, carry it out step by step, print the outputs");
        yield return Run("destroy", "Remove everything the stack owns (and nothing else): by its file (-f FILE) or by its NAME");
    }

    private static Command Plan()
    {
        var api = new ApiOptions();
        var file = StackFileInput.Option();
        var command = new Command("plan", "Show what apply would create, change and delete; change nothing") { file };
        api.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var source = StackFileInput.Load(parse.GetValue(file)!);
            using var client = api.CreateClient(parse);
            var plan = await client.PlanStackAsync(source, ct).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(plan.Value.Text.TrimEnd()).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Run(string verb, string description)
    {
        var api = new ApiOptions();
        var file = StackFileInput.Option();
        var verify = new Option<bool>("--verify") { Description = "After converging, run the stack's verify: load test; fail (exit 99) when a threshold fails" };
        var verifyOut = new Option<string?>("--verify-out") { Description = "With --verify: write the load test's figures as JSON (flotilla loadtest --out)" };
        var verifyReport = new Option<string?>("--verify-report") { Description = "With --verify: write the load test's HTML report (flotilla loadtest --report)" };
        var name = new Argument<string?>("NAME") { Description = "The stack to destroy, by name (instead of -f FILE)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command(verb, description) { file };
        if (verb == "destroy")
        {
            file.Required = false;
            command.Arguments.Add(name);
        }
        if (verb == "apply")
        {
            command.Options.Add(verify);
            command.Options.Add(verifyOut);
            command.Options.Add(verifyReport);
        }
        api.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var (path, stackName) = (parse.GetValue(file), verb == "destroy" ? parse.GetValue(name) : null);
            if (path is not null && stackName is not null) throw new UserInputException($"destroy: give the stack's NAME ('{stackName}') or -f FILE, not both");
            if (path is null && stackName is null) throw new UserInputException("destroy: which stack? give its NAME or -f FILE");
            var (source, stackFile) = path is null ? (null, null) : StackFileInput.Read(path);
            // Before anything is applied: a verify that cannot run must not leave a half-checked deployment behind.
            var verifier = parse.GetValue(verify) ? StackVerify.Prepare(source!.FileName!, stackFile!) : null;
            var verifyOutputs = new LoadTestExecution.Outputs(
                LoadTestCommand.RunOptions.Writable(parse.GetValue(verifyOut), "--verify-out"),
                LoadTestCommand.RunOptions.Writable(parse.GetValue(verifyReport), "--verify-report"),
                Quiet: false);
            if (verifier is null && (verifyOutputs.JsonPath ?? verifyOutputs.ReportPath) is not null)
            {
                throw new UserInputException("--verify-out and --verify-report go with --verify");
            }
            using var client = api.CreateClient(parse);
            var printer = new StackProgressPrinter(verb);
            string? operation = null;
            void Started(OperationView started) => operation = started.Id;
            try
            {
                await (source is null ? client.DestroyStackAsync(stackName!, printer.PrintAsync, ct, Started) : client.StreamStackAsync(verb, source, printer.PrintAsync, ct, Started)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested && operation is not null)
            {
                // Ctrl-C stops the watching, not the operation: the daemon carries it out whatever becomes of this CLI.
                await Console.Error.WriteLineAsync($"flotilla: stopped watching; the {verb} goes on in flotillad as operation {operation} (flotilla operation watch {operation})").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
            if (printer.Failed) return ExitCodes.Failed;
            await printer.PrintSummaryAsync().ConfigureAwait(false);
            var outputValues = printer.Outputs;
            return verifier is null ? ExitCodes.Ok : await VerifyAsync(verifier, client, outputValues, verifyOutputs, ct).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>A guest under TCG boots in tens of seconds; one that takes this long is the verify's finding, not a wait.</summary>
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(180);

    private static async Task<int> VerifyAsync(
        StackVerify verifier, FlotillaApiClient client, IReadOnlyDictionary<string, string> outputs, LoadTestExecution.Outputs files, CancellationToken ct)
    {
        if (!outputs.TryGetValue(verifier.Output, out var url) || url.Length == 0)
        {
            await Console.Error.WriteLineAsync($"flotilla: verify: output '{verifier.Output}' has no value after the apply, so there is no URL to load").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        await Console.Out.WriteLineAsync($"\nVerify: {url}").ConfigureAwait(false);
        await Console.Out.FlushAsync(ct).ConfigureAwait(false);
        if (!await StackReadiness.WaitAsync(client, verifier.Stack, ReadinessTimeout, Console.Out, ct).ConfigureAwait(false))
        {
            await Console.Error.WriteLineAsync($"flotilla: verify: not every member of stack {verifier.Stack}'s balancers is in rotation after {ReadinessTimeout.TotalSeconds:0} s; verifying as it is").ConfigureAwait(false);
        }
        var code = await verifier.RunAsync(client, url, files, ct).ConfigureAwait(false);
        await Console.Out.WriteLineAsync(code switch
        {
            ExitCodes.Ok => "\nVerify passed.",
            ExitCodes.ThresholdsFailed => "\nVerify failed: a threshold failed (see THRESHOLDS above).",
            _ => "\nVerify stopped.",
        }).ConfigureAwait(false);
        return code;
    }
}
