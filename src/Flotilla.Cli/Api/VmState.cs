using System.Text.Json.Serialization;

namespace Flotilla.Cli.Api;

/// <summary><c>status.state</c>: what the VM is observed doing.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<VmState>))]
internal enum VmState
{
    Stopped,
    Starting,
    Running,
    Paused,
    ShuttingDown,
    Crashed,
    Failed,
}
