using System.Text.Json.Serialization;

namespace Flotilla.Compute.Qemu.Qmp.Migration;

/// <summary>The capabilities of QAPI's <c>MigrationCapability</c> that a live migration between hosts may set.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MigrationCapability>))]
public enum MigrationCapability
{
    /// <summary>MIGRATION events for each state change.</summary>
    [JsonStringEnumMemberName("events")] Events,
    /// <summary>Throttles the guest's vCPUs when RAM does not converge.</summary>
    [JsonStringEnumMemberName("auto-converge")] AutoConverge,
    [JsonStringEnumMemberName("xbzrle")] Xbzrle,
    [JsonStringEnumMemberName("postcopy-ram")] PostcopyRam,
    [JsonStringEnumMemberName("return-path")] ReturnPath,
    /// <summary>Pauses in <c>pre-switchover</c> until <c>migrate-continue</c>: the hand-over point.</summary>
    [JsonStringEnumMemberName("pause-before-switchover")] PauseBeforeSwitchover,
    [JsonStringEnumMemberName("multifd")] Multifd,
    [JsonStringEnumMemberName("dirty-bitmaps")] DirtyBitmaps,
    [JsonStringEnumMemberName("zero-copy-send")] ZeroCopySend,
}
