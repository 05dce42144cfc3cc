using Flotilla.Compute.Qemu.Qmp.Commands;

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
        var text = (await qmp.ExecuteAsync(new HumanMonitorCommand(commandLine), timeout, cancellationToken).ConfigureAwait(false)).Trim();
        if (text.Length == 0) return;
        var line = text.Split('\n')[0].Trim();
        throw new QmpCommandException("HumanMonitor", line.StartsWith("Error: ", StringComparison.Ordinal) ? line["Error: ".Length..] : line);
    }
}
