using System.Text.Json.Serialization;

namespace Flotilla.Compute.Qemu.Qmp.Migration;

/// <summary>QAPI's <c>MigrationStatus</c>, in <see cref="MigrationInfo"/> and the MIGRATION event.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MigrationStatus>))]
public enum MigrationStatus
{
    /// <summary>No migration has ever happened.</summary>
    [JsonStringEnumMemberName("none")] None,
    [JsonStringEnumMemberName("setup")] Setup,
    [JsonStringEnumMemberName("cancelling")] Cancelling,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("postcopy-active")] PostcopyActive,
    [JsonStringEnumMemberName("postcopy-paused")] PostcopyPaused,
    [JsonStringEnumMemberName("postcopy-recover-setup")] PostcopyRecoverSetup,
    [JsonStringEnumMemberName("postcopy-recover")] PostcopyRecover,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("colo")] Colo,
    /// <summary>Paused before device state is sent (capability <c>pause-before-switchover</c>).</summary>
    [JsonStringEnumMemberName("pre-switchover")] PreSwitchover,
    [JsonStringEnumMemberName("device")] Device,
    [JsonStringEnumMemberName("wait-unplug")] WaitUnplug,
}
