using Flotilla.Api.Snapshots;
using Flotilla.Compute.Snapshots;

namespace Flotilla.Daemon.Snapshots;

/// <summary>A snapshot as QEMU reports it, shown as the API's <see cref="SnapshotView"/>.</summary>
internal static class SnapshotViews
{
    public static SnapshotView From(SnapshotInfo snapshot) => new(snapshot.Name, snapshot.CreatedAt, snapshot.HasMemory, snapshot.VmStateBytes);
}
