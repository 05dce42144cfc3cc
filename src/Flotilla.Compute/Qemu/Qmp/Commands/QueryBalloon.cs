using System.Text.Json.Serialization.Metadata;

namespace Flotilla.Compute.Qemu.Qmp.Commands;

/// <summary><c>{"execute": "query-balloon"}</c> → <see cref="BalloonInfo"/>; error <c>DeviceNotActive</c> while the guest has no balloon driver.</summary>
public sealed record QueryBalloon : IQmpCommand<BalloonInfo>
{
    string IQmpCommand<BalloonInfo>.Execute => "query-balloon";
    JsonTypeInfo? IQmpCommand<BalloonInfo>.ArgumentsType => null;
    JsonTypeInfo<BalloonInfo> IQmpCommand<BalloonInfo>.ReplyType => QmpJsonContext.Default.BalloonInfo;
}
