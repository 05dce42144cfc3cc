using System.Text.Json.Serialization.Metadata;

namespace Flotilla.Compute.Qemu.Qmp.Commands;

/// <summary><c>{"execute": "human-monitor-command", "arguments": {"command-line": "savevm s1"}}</c> → the text HMP printed (see <see cref="HumanMonitor"/>).</summary>
public sealed record HumanMonitorCommand(string CommandLine) : IQmpCommand<string>
{
    string IQmpCommand<string>.Execute => "human-monitor-command";
    JsonTypeInfo? IQmpCommand<string>.ArgumentsType => QmpJsonContext.Default.HumanMonitorCommand;
    JsonTypeInfo<string> IQmpCommand<string>.ReplyType => QmpJsonContext.Default.String;
}
