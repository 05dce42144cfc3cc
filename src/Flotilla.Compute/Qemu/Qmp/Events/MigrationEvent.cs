using System.Text.Json.Serialization.Metadata;
using Flotilla.Compute.Qemu.Qmp.Migration;

namespace Flotilla.Compute.Qemu.Qmp.Events;

/// <summary>MIGRATION, on each state change of a migration (capability <c>events</c>): <c>{"status": "completed"}</c>.</summary>
public sealed record MigrationEvent(MigrationStatus Status) : IQmpEvent<MigrationEvent>
{
    public static string Event => "MIGRATION";
    public static JsonTypeInfo<MigrationEvent> JsonType => QmpJsonContext.Default.MigrationEvent;
}
