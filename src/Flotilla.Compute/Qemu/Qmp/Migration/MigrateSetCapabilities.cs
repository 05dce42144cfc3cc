using System.Text.Json.Serialization.Metadata;

namespace Flotilla.Compute.Qemu.Qmp.Migration;

/// <summary><c>{"execute": "migrate-set-capabilities", "arguments": {"capabilities": [{"capability": "events", "state": true}]}}</c> → <c>{}</c>; before <see cref="Migrate"/>, on both sides where the capability says so.</summary>
public sealed record MigrateSetCapabilities(IReadOnlyList<MigrationCapabilityStatus> Capabilities) : IQmpCommand<QmpEmpty>
{
    string IQmpCommand<QmpEmpty>.Execute => "migrate-set-capabilities";
    JsonTypeInfo? IQmpCommand<QmpEmpty>.ArgumentsType => QmpJsonContext.Default.MigrateSetCapabilities;
    JsonTypeInfo<QmpEmpty> IQmpCommand<QmpEmpty>.ReplyType => QmpJsonContext.Default.QmpEmpty;
}
