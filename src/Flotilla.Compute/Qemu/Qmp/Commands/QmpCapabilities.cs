using System.Text.Json.Serialization.Metadata;

namespace Flotilla.Compute.Qemu.Qmp.Commands;

/// <summary><c>{"execute": "qmp_capabilities"}</c> → <c>{}</c>: leaves negotiation mode, after the greeting.</summary>
public sealed record QmpCapabilities : IQmpCommand<QmpEmpty>
{
    string IQmpCommand<QmpEmpty>.Execute => "qmp_capabilities";
    JsonTypeInfo? IQmpCommand<QmpEmpty>.ArgumentsType => null;
    JsonTypeInfo<QmpEmpty> IQmpCommand<QmpEmpty>.ReplyType => QmpJsonContext.Default.QmpEmpty;
}
