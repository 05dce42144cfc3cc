using Flotilla.Compute.Qemu;
using Flotilla.Compute.Qemu.Qmp;
using Flotilla.Compute.Qemu.Qmp.Commands;

namespace Flotilla.Compute.Snapshots;

/// <summary>
/// Snapshots of a running (or paused) VM, through its QMP. They are internal qcow2 snapshots in the VM's disk, as the
/// stopped case makes, so either side lists and deletes what the other made.
/// <list type="bullet">
/// <item>List: <c>query-block</c>, the <c>disk0</c> entry's <c>inserted.image.snapshots</c>.</item>
/// <item>Create with memory: HMP <c>savevm NAME</c> (disk, RAM and device state; the guest pauses while it is written,
/// about 0.1 s for 128 MiB here). The seed is attached read-only, so savevm leaves it out instead of refusing.</item>
/// <item>Create disk-only: <c>blockdev-snapshot-internal-sync {device: disk0, name}</c>. The guest keeps running and
/// nothing in it is told (there is no guest agent to freeze its filesystems): the snapshot is crash-consistent, like
/// the disk after a power cut. A running VM cannot go back to it (QEMU: "This is a disk-only snapshot. Revert to it
/// offline using qemu-img"): it is for a stopped VM, or to copy.</item>
/// <item>Revert: HMP <c>loadvm NAME</c> (disk and RAM; the VM carries on from the snapshot, running if it was running,
/// paused if paused). A failed loadvm leaves the VM stopped (<c>restore-vm</c>), so it is only sent once the snapshot is
/// known to exist with memory, and a VM that was running is resumed if it fails anyway.</item>
/// <item>Delete: HMP <c>delvm NAME</c>, which says nothing for a name it does not know: the list is checked first.</item>
/// </list>
/// </summary>
internal static class LiveSnapshots
{
    /// <summary>savevm and loadvm copy the guest's RAM: seconds for big guests, more under TCG on a loaded host.</summary>
    private static readonly TimeSpan SaveTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(10);

    public static async Task<IReadOnlyList<SnapshotInfo>> ListAsync(QmpClient qmp, CancellationToken cancellationToken)
    {
        var devices = await qmp.ExecuteAsync(new QueryBlock(), QueryTimeout, cancellationToken).ConfigureAwait(false);
        var disk = devices.FirstOrDefault(d => d.Device == QemuCommandLine.DiskDrive);
        return disk?.Inserted?.Image?.Snapshots is { } snapshots ? SnapshotJson.From(snapshots) : [];
    }

    public static Task CreateAsync(QmpClient qmp, string name, bool memory, CancellationToken cancellationToken) => memory
        ? HumanMonitor.RunAsync(qmp, $"savevm {name}", SaveTimeout, cancellationToken)
        : qmp.ExecuteAsync(new BlockdevSnapshotInternalSync(QemuCommandLine.DiskDrive, name), QueryTimeout, cancellationToken);

    /// <summary>Only for a snapshot with memory (the caller checked).</summary>
    public static async Task RevertAsync(QmpClient qmp, string name, CancellationToken cancellationToken)
    {
        var wasRunning = (await qmp.ExecuteAsync(new QueryStatus(), QueryTimeout, cancellationToken).ConfigureAwait(false)).Running;
        try
        {
            await HumanMonitor.RunAsync(qmp, $"loadvm {name}", SaveTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (QmpCommandException) when (wasRunning)
        {
            // HMP's loadvm stops the VM first and restarts it only on success.
            await qmp.ExecuteAsync(new Cont(), QueryTimeout, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public static Task DeleteAsync(QmpClient qmp, string name, CancellationToken cancellationToken) =>
        HumanMonitor.RunAsync(qmp, $"delvm {name}", SaveTimeout, cancellationToken);
}
