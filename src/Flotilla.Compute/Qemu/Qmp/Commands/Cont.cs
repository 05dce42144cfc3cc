using System.Text.Json.Serialization.Metadata;

namespace Flotilla.Compute.Qemu.Qmp.Commands;

/// <summary>Resumes a paused (or <c>-S</c>-started) VM; <c>{}</c> (a RESUME event follows).</summary>
public sealed record Cont : IQmpCommand<QmpEmpty>
{
    string IQmpCommand<QmpEmpty>.Execute => "cont";
    JsonTypeInfo? IQmpCommand<QmpEmpty>.ArgumentsType => null;
    JsonTypeInfo<QmpEmpty> IQmpCommand<QmpEmpty>.ReplyType => QmpJsonContext.Default.QmpEmpty;
}
