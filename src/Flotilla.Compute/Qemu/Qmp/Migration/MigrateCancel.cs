using System.Text.Json.Serialization.Metadata;

namespace Flotilla.Compute.Qemu.Qmp.Migration;

/// <summary>Cancels the outgoing migration; <c>{}</c>, also when none runs. The MIGRATION event says <c>cancelled</c> once it is.</summary>
public sealed record MigrateCancel : IQmpCommand<QmpEmpty>
{
    string IQmpCommand<QmpEmpty>.Execute => "migrate_cancel";
    JsonTypeInfo? IQmpCommand<QmpEmpty>.ArgumentsType => null;
    JsonTypeInfo<QmpEmpty> IQmpCommand<QmpEmpty>.ReplyType => QmpJsonContext.Default.QmpEmpty;
}
