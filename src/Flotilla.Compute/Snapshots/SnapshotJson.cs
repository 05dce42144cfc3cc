using System.Text.Json;
using Flotilla.Compute.Qemu.Qmp;
using Flotilla.Compute.Qemu.Qmp.Commands;

namespace Flotilla.Compute.Snapshots;

/// <summary>
/// QEMU's <c>SnapshotInfo</c> list (<see cref="ImageSnapshot"/>), the same in <c>qemu-img info --output=json</c> and in QMP
/// <c>query-block</c>'s <c>inserted.image.snapshots</c>, as our <see cref="SnapshotInfo"/>.
/// </summary>
internal static class SnapshotJson
{
    /// <summary>qemu-img's <c>snapshots</c> member (anything but an array: none).</summary>
    public static IReadOnlyList<SnapshotInfo> Parse(JsonElement snapshots) =>
        snapshots.ValueKind != JsonValueKind.Array ? [] : From(snapshots.Deserialize(QmpJsonContext.Default.IReadOnlyListImageSnapshot) ?? []);

    public static IReadOnlyList<SnapshotInfo> From(IReadOnlyList<ImageSnapshot> snapshots) => snapshots.Select(s => new SnapshotInfo
    {
        Name = s.Name ?? "",
        CreatedAt = DateTimeOffset.FromUnixTimeSeconds(s.DateSec).AddTicks(s.DateNsec / 100),
        VmStateBytes = s.VmStateSize,
        VmClock = TimeSpan.FromSeconds(s.VmClockSec) + TimeSpan.FromTicks(s.VmClockNsec / 100),
    }).ToList();
}
