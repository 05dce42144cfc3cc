using System.Text.Json.Serialization.Metadata;

namespace Flotilla.Compute.Qemu.Qmp.Migration;

/// <summary>
/// <c>{"execute": "migrate-set-parameters", "arguments": {"max-bandwidth": 33554432, "downtime-limit": 300}}</c> → <c>{}</c>:
/// the members of QAPI's <c>MigrationParameters</c> a migration between hosts tunes; unset ones are left out (and
/// keep their value).
/// </summary>
public sealed record MigrateSetParameters : IQmpCommand<QmpEmpty>
{
    /// <summary>Bytes per second.</summary>
    public long? MaxBandwidth { get; init; }
    /// <summary>Bytes per second the switchover may count on (0: QEMU estimates).</summary>
    public long? AvailSwitchoverBandwidth { get; init; }
    /// <summary>The longest pause of the guest QEMU accepts to switch over, in milliseconds.</summary>
    public ulong? DowntimeLimit { get; init; }
    public int? MultifdChannels { get; init; }
    public int? CpuThrottleInitial { get; init; }
    public int? CpuThrottleIncrement { get; init; }
    public int? MaxCpuThrottle { get; init; }
    /// <summary>The <c>tls-creds</c> object's id; empty: plain text.</summary>
    public string? TlsCreds { get; init; }
    public string? TlsHostname { get; init; }

    string IQmpCommand<QmpEmpty>.Execute => "migrate-set-parameters";
    JsonTypeInfo? IQmpCommand<QmpEmpty>.ArgumentsType => QmpJsonContext.Default.MigrateSetParameters;
    JsonTypeInfo<QmpEmpty> IQmpCommand<QmpEmpty>.ReplyType => QmpJsonContext.Default.QmpEmpty;
}
