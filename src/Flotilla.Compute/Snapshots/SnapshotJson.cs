using System.Text.Json;

namespace Flotilla.Compute.Snapshots;

/// <summary>
/// QEMU's <c>SnapshotInfo</c> list, the same in <c>qemu-img info --output=json</c> and in QMP <c>query-block</c>'s
/// <c>inserted.image.snapshots</c>: <c>{"id": "1", "name": "s1", "vm-state-size": 66337006, "date-sec": …,
/// "date-nsec": …, "vm-clock-sec": 2, "vm-clock-nsec": …}</c>.
/// </summary>
internal static class SnapshotJson
{
    public static IReadOnlyList<SnapshotInfo> Parse(JsonElement snapshots) =>
        snapshots.ValueKind != JsonValueKind.Array ? [] : snapshots.EnumerateArray().Select(s => new SnapshotInfo
        {
            Name = s.GetProperty("name").GetString() ?? "",
            CreatedAt = DateTimeOffset.FromUnixTimeSeconds(Long(s, "date-sec")).AddTicks(Long(s, "date-nsec") / 100),
            VmStateBytes = Long(s, "vm-state-size"),
            VmClock = TimeSpan.FromSeconds(Long(s, "vm-clock-sec")) + TimeSpan.FromTicks(Long(s, "vm-clock-nsec") / 100),
        }).ToList();

    private static long Long(JsonElement element, string name) => element.TryGetProperty(name, out var value) && value.TryGetInt64(out var n) ? n : 0;
}
