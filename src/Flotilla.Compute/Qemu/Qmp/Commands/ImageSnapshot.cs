namespace Flotilla.Compute.Qemu.Qmp.Commands;

/// <summary>
/// QEMU's <c>SnapshotInfo</c>, the same in <c>query-block</c>'s <c>inserted.image.snapshots</c> and in
/// <c>qemu-img info --output=json</c>: <c>{"id": "1", "name": "s1", "vm-state-size": 66337006, "date-sec": …,
/// "date-nsec": …, "vm-clock-sec": 2, "vm-clock-nsec": …}</c>.
/// </summary>
public sealed record ImageSnapshot(string? Id, string? Name, long VmStateSize, long DateSec, long DateNsec, long VmClockSec, long VmClockNsec);
