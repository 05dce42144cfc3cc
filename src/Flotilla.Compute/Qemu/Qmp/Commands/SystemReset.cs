using System.Text.Json.Serialization.Metadata;

namespace Flotilla.Compute.Qemu.Qmp.Commands;

/// <summary>A hardware reset; <c>{}</c>.</summary>
public sealed record SystemReset : IQmpCommand<QmpEmpty>
{
    string IQmpCommand<QmpEmpty>.Execute => "system_reset";
    JsonTypeInfo? IQmpCommand<QmpEmpty>.ArgumentsType => null;
    JsonTypeInfo<QmpEmpty> IQmpCommand<QmpEmpty>.ReplyType => QmpJsonContext.Default.QmpEmpty;
}
