using Flotilla.Compute.Qemu.Qmp;

namespace Flotilla.Compute.Snapshots;

/// <summary>
/// The rules of a VM's snapshots, whichever side does the work: through QMP (<see cref="LiveSnapshots"/>) while its
/// QEMU runs, with qemu-img (<see cref="DiskSnapshots"/>) while it is stopped. Names are unique (checked here, since
/// neither tool refuses a duplicate); a running VM reverts only to a snapshot with memory; failures of the tools become
/// <see cref="SnapshotError.Failed"/> with their words.
/// </summary>
internal static class VmSnapshots
{
    public static Task<IReadOnlyList<SnapshotInfo>> ListAsync(string vm, QmpClient? live, string disk, CancellationToken cancellationToken) =>
        GuardAsync(vm, "", "listing", () => ListQuietlyAsync(live, disk, cancellationToken));

    public static Task<SnapshotInfo> CreateAsync(string vm, QmpClient? live, string disk, string name, bool memory, CancellationToken cancellationToken) =>
        GuardAsync(vm, name, "taking", async () =>
        {
            if (memory && live is null) throw SnapshotException.VmNotRunning(vm, name);
            if (Find(await ListQuietlyAsync(live, disk, cancellationToken).ConfigureAwait(false), name) is not null) throw SnapshotException.Exists(vm, name);
            if (live is null) await DiskSnapshots.CreateAsync(disk, name, cancellationToken).ConfigureAwait(false);
            else await LiveSnapshots.CreateAsync(live, name, memory, cancellationToken).ConfigureAwait(false);
            return Find(await ListQuietlyAsync(live, disk, cancellationToken).ConfigureAwait(false), name)
                ?? throw new IOException("it is not in the disk's snapshot list afterwards");
        });

    public static Task<SnapshotInfo> RevertAsync(string vm, QmpClient? live, string disk, string name, CancellationToken cancellationToken) =>
        GuardAsync(vm, name, "reverting to", async () =>
        {
            var snapshot = Find(await ListQuietlyAsync(live, disk, cancellationToken).ConfigureAwait(false), name) ?? throw SnapshotException.NotFound(vm, name);
            if (live is null) await DiskSnapshots.RevertAsync(disk, name, cancellationToken).ConfigureAwait(false);
            else if (!snapshot.HasMemory) throw SnapshotException.VmRunning(vm, name);
            else await LiveSnapshots.RevertAsync(live, name, cancellationToken).ConfigureAwait(false);
            return snapshot;
        });

    public static Task DeleteAsync(string vm, QmpClient? live, string disk, string name, CancellationToken cancellationToken) =>
        GuardAsync(vm, name, "deleting", async () =>
        {
            _ = Find(await ListQuietlyAsync(live, disk, cancellationToken).ConfigureAwait(false), name) ?? throw SnapshotException.NotFound(vm, name);
            if (live is null) await DiskSnapshots.DeleteAsync(disk, name, cancellationToken).ConfigureAwait(false);
            else await LiveSnapshots.DeleteAsync(live, name, cancellationToken).ConfigureAwait(false);
            return true;
        });

    private static async Task<IReadOnlyList<SnapshotInfo>> ListQuietlyAsync(QmpClient? live, string disk, CancellationToken cancellationToken) => live is null
        ? await DiskSnapshots.ListAsync(disk, cancellationToken).ConfigureAwait(false)
        : await LiveSnapshots.ListAsync(live, cancellationToken).ConfigureAwait(false);

    private static SnapshotInfo? Find(IReadOnlyList<SnapshotInfo> snapshots, string name) => snapshots.FirstOrDefault(s => s.Name == name);

    private static async Task<T> GuardAsync<T>(string vm, string name, string what, Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpException or IOException)
        {
            throw SnapshotException.Failed(vm, name, what, e);
        }
    }
}
