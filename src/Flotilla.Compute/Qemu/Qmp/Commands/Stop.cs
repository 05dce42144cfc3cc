using System.Text.Json.Serialization.Metadata;

namespace Flotilla.Compute.Qemu.Qmp.Commands;

/// <summary>Pauses the VM's vCPUs; <c>{}</c> (a STOP event follows).</summary>
public sealed record Stop : IQmpCommand<QmpEmpty>
{
    string IQmpCommand<QmpEmpty>.Execute => "stop";
    JsonTypeInfo? IQmpCommand<QmpEmpty>.ArgumentsType => null;
    JsonTypeInfo<QmpEmpty> IQmpCommand<QmpEmpty>.ReplyType => QmpJsonContext.Default.QmpEmpty;
}
