using System.Text.Json.Serialization.Metadata;

namespace Flotilla.Compute.Qemu.Qmp.Commands;

/// <summary><c>{"execute": "balloon", "arguments": {"value": BYTES}}</c> → <c>{}</c>: the guest's new memory target (it gets there later, see <see cref="QueryBalloon"/>).</summary>
public sealed record Balloon(long Value) : IQmpCommand<QmpEmpty>
{
    string IQmpCommand<QmpEmpty>.Execute => "balloon";
    JsonTypeInfo? IQmpCommand<QmpEmpty>.ArgumentsType => QmpJsonContext.Default.Balloon;
    JsonTypeInfo<QmpEmpty> IQmpCommand<QmpEmpty>.ReplyType => QmpJsonContext.Default.QmpEmpty;
}
