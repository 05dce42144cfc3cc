namespace Flotilla.Compute.Qemu.Qmp;

/// <summary>
/// HMP commands (<c>savevm</c>, <c>loadvm</c>, <c>delvm</c>, <c>info usernet</c>) through QMP's
/// <c>human-monitor-command</c>. The sequence: <c>{"execute": "human-monitor-command", "arguments": {"command-line":
/// "savevm snap1"}}</c> → <c>{"return": ""}</c>. HMP reports failure inside a successful reply, as text
/// (<c>{"return": "Error: …\r\n"}</c>): for the commands used here any text at all is a failure.
/// </summary>
internal static class HumanMonitor
{
    /// <summary>Runs a command whose success prints nothing.</summary>
    /// <exception cref="QmpCommandException">HMP printed something (class <c>HumanMonitor</c>: its first line, without "Error: ").</exception>
    public static async Task RunAsync(QmpClient qmp, string commandLine, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var answer = await qmp.ExecuteAsync("human-monitor-command", new Dictionary<string, string> { ["command-line"] = commandLine }, timeout, cancellationToken)
            .ConfigureAwait(false);
        var text = answer.ValueKind == System.Text.Json.JsonValueKind.String ? answer.GetString()!.Trim() : "";
        if (text.Length == 0) return;
        var line = text.Split('\n')[0].Trim();
        throw new QmpCommandException("HumanMonitor", line.StartsWith("Error: ", StringComparison.Ordinal) ? line["Error: ".Length..] : line);
    }
}
