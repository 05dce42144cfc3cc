using System.Text.Json.Serialization;
using Flotilla.Compute.Qemu.Qmp.Commands;
using Flotilla.Compute.Qemu.Qmp.Events;
using Flotilla.Compute.Qemu.Qmp.Migration;

namespace Flotilla.Compute.Qemu.Qmp;

/// <summary>QMP's records, source-generated. QAPI names members in kebab-case; absent optional members are left out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.KebabCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(QmpEmpty))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(StatusInfo))]
[JsonSerializable(typeof(BalloonInfo))]
[JsonSerializable(typeof(Balloon))]
[JsonSerializable(typeof(IReadOnlyList<BlockInfo>))]
[JsonSerializable(typeof(IReadOnlyList<ImageSnapshot>))]
[JsonSerializable(typeof(BlockdevSnapshotInternalSync))]
[JsonSerializable(typeof(HumanMonitorCommand))]
[JsonSerializable(typeof(Migrate))]
[JsonSerializable(typeof(MigrateSetCapabilities))]
[JsonSerializable(typeof(MigrateSetParameters))]
[JsonSerializable(typeof(MigrationInfo))]
[JsonSerializable(typeof(ShutdownEvent))]
[JsonSerializable(typeof(MigrationEvent))]
internal sealed partial class QmpJsonContext : JsonSerializerContext;
