using System.Text.Json.Serialization.Metadata;

namespace Flotilla.Compute.Qemu.Qmp.Events;

/// <summary>
/// SHUTDOWN, sent before QEMU exits on its own accord: <c>{"guest": true, "reason": "guest-shutdown"}</c>.
/// <see cref="Reason"/> is QAPI's <c>ShutdownCause</c> (<c>guest-shutdown</c>, <c>host-qmp-quit</c>, <c>host-signal</c>,
/// <c>guest-panic</c>…), text so that a cause a newer QEMU adds still reads.
/// </summary>
public sealed record ShutdownEvent(bool Guest, string? Reason) : IQmpEvent<ShutdownEvent>
{
    public static string Event => "SHUTDOWN";
    public static JsonTypeInfo<ShutdownEvent> JsonType => QmpJsonContext.Default.ShutdownEvent;
}
