using System.Text.Json.Serialization.Metadata;

namespace Flotilla.Compute.Qemu.Qmp.Commands;

/// <summary>Ends QEMU at once; <c>{}</c>, a SHUTDOWN event (<c>host-qmp-quit</c>), then the socket closes.</summary>
public sealed record Quit : IQmpCommand<QmpEmpty>
{
    string IQmpCommand<QmpEmpty>.Execute => "quit";
    JsonTypeInfo? IQmpCommand<QmpEmpty>.ArgumentsType => null;
    JsonTypeInfo<QmpEmpty> IQmpCommand<QmpEmpty>.ReplyType => QmpJsonContext.Default.QmpEmpty;
}
