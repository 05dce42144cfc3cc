using System.Text.Json.Serialization;

namespace Flotilla.Cli.Api;

/// <summary><c>spec.power</c>: what the user wants the VM to be doing.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<PowerState>))]
internal enum PowerState
{
    Stopped,
    Running,
    Paused,
}
