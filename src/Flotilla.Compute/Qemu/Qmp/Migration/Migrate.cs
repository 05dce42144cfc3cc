using System.Text.Json.Serialization.Metadata;

namespace Flotilla.Compute.Qemu.Qmp.Migration;

/// <summary><c>{"execute": "migrate", "arguments": {"uri": "tcp:HOST:PORT"}}</c> → <c>{}</c> at once; progress is <see cref="QueryMigrate"/> and the MIGRATION event (with capability <c>events</c>).</summary>
public sealed record Migrate(string Uri, bool? Resume = null) : IQmpCommand<QmpEmpty>
{
    string IQmpCommand<QmpEmpty>.Execute => "migrate";
    JsonTypeInfo? IQmpCommand<QmpEmpty>.ArgumentsType => QmpJsonContext.Default.Migrate;
    JsonTypeInfo<QmpEmpty> IQmpCommand<QmpEmpty>.ReplyType => QmpJsonContext.Default.QmpEmpty;
}
