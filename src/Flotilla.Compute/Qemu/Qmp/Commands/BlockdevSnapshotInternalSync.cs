using System.Text.Json.Serialization.Metadata;

namespace Flotilla.Compute.Qemu.Qmp.Commands;

/// <summary><c>{"execute": "blockdev-snapshot-internal-sync", "arguments": {"device": "disk0", "name": "s1"}}</c> → <c>{}</c>: an internal snapshot of the drive alone, while the guest runs.</summary>
public sealed record BlockdevSnapshotInternalSync(string Device, string Name) : IQmpCommand<QmpEmpty>
{
    string IQmpCommand<QmpEmpty>.Execute => "blockdev-snapshot-internal-sync";
    JsonTypeInfo? IQmpCommand<QmpEmpty>.ArgumentsType => QmpJsonContext.Default.BlockdevSnapshotInternalSync;
    JsonTypeInfo<QmpEmpty> IQmpCommand<QmpEmpty>.ReplyType => QmpJsonContext.Default.QmpEmpty;
}
