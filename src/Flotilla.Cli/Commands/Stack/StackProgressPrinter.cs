using System.Globalization;

namespace Flotilla.Cli.Commands.Stack;

/// <summary>
/// Prints an apply's or destroy's progress lines as Terraform users read them (the plan, each step as it starts and
/// ends, the outputs), for the verbs themselves and for <c>flotilla operation watch|show</c>, and keeps what the verb
/// reports at the end: the counts, the outputs, and whether it failed.
/// </summary>
internal sealed class StackProgressPrinter(string verb)
{
    public bool Failed { get; private set; }
    public bool Ended { get; private set; }
    public IReadOnlyDictionary<string, string> Outputs { get; private set; } = new Dictionary<string, string>();
    public (int Added, int Changed, int Destroyed) Counts { get; private set; }

    public async Task PrintAsync(StackProgress line)
    {
        Ended |= line.Ends;
        switch (line)
        {
            case StackPlanned plan:
                await Console.Out.WriteLineAsync(plan.Text.TrimEnd()).ConfigureAwait(false);
                break;
            case StackStep { State: "started" } step:
                await Console.Out.WriteLineAsync($"{step.Kind} {step.Name}: {Doing(step.Action)}…").ConfigureAwait(false);
                break;
            case StackStep step:
                var counts = Counts;
                Counts = step.Action switch
                {
                    "create" => (counts.Added + 1, counts.Changed, counts.Destroyed),
                    "update" => (counts.Added, counts.Changed + 1, counts.Destroyed),
                    "delete" => (counts.Added, counts.Changed, counts.Destroyed + 1),
                    _ => counts,
                };
                await Console.Out.WriteLineAsync($"{step.Kind} {step.Name}: {Done(step.Action, step.State)} ({(step.Seconds ?? 0).ToString("0.0", CultureInfo.InvariantCulture)} s)").ConfigureAwait(false);
                break;
            case StackResumed resumed:
                await Console.Out.WriteLineAsync($"flotillad restarted{(resumed.Step is null ? "" : $" during '{resumed.Step}'")}: it carries the {verb} on (run {resumed.Attempt}), planning again from what exists").ConfigureAwait(false);
                break;
            case StackOutputs { Outputs.Count: > 0 } outputs:
                Outputs = outputs.Outputs;
                await Console.Out.WriteLineAsync("\nOutputs:").ConfigureAwait(false);
                foreach (var (name, value) in outputs.Outputs) await Console.Out.WriteLineAsync($"  {name} = {value}").ConfigureAwait(false);
                break;
            case StackFailed error:
                Failed = true;
                await Console.Error.WriteLineAsync($"flotilla: {verb} stopped: {error.Text}").ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Terraform's closing line, when anything was done.</summary>
    public async Task PrintSummaryAsync()
    {
        if (Failed || Counts == (0, 0, 0)) return;
        var word = verb == "apply" ? "Apply" : "Destroy";
        await Console.Out.WriteLineAsync($"{word} complete! Resources: {Counts.Added} added, {Counts.Changed} changed, {Counts.Destroyed} destroyed.").ConfigureAwait(false);
    }

    private static string Doing(string? action) => action switch
    {
        "create" => "creating",
        "update" => "changing",
        "drain" => "draining",
        "delete" => "deleting",
        _ => action ?? "",
    };

    private static string Done(string? action, string? state) => action switch
    {
        "create" => "created",
        "update" => "changed",
        "drain" => "drained",
        "delete" => "deleted",
        "wait" => state ?? "ready",
        _ => state ?? "done",
    };
}
