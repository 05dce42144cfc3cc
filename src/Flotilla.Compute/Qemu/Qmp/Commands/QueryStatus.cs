using System.Text.Json.Serialization.Metadata;

namespace Flotilla.Compute.Qemu.Qmp.Commands;

/// <summary><c>{"execute": "query-status"}</c> → <see cref="StatusInfo"/>.</summary>
public sealed record QueryStatus : IQmpCommand<StatusInfo>
{
    string IQmpCommand<StatusInfo>.Execute => "query-status";
    JsonTypeInfo? IQmpCommand<StatusInfo>.ArgumentsType => null;
    JsonTypeInfo<StatusInfo> IQmpCommand<StatusInfo>.ReplyType => QmpJsonContext.Default.StatusInfo;
}
