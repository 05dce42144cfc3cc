using Flotilla.Compute.Vms;
using Flotilla.Core.Vms;
using Microsoft.Extensions.Logging;

namespace Flotilla.Compute.Snapshots;

/// <summary>
/// A host's VM snapshots, under each VM's lock (<see cref="VmTable"/>): through QMP while its QEMU runs, else on its disk
/// with qemu-img; the rules are <see cref="VmSnapshots"/>'.
/// </summary>
public sealed partial class HostSnapshots
{
    private readonly VmTable _table;
    private readonly VmPreparer _preparer;
    private readonly ILogger _logger;

    internal HostSnapshots(VmTable table, VmPreparer preparer, ILogger<HostSnapshots> logger)
    {
        _table = table;
        _preparer = preparer;
        _logger = logger;
    }

    /// <summary>The VM's snapshots, oldest first: through QMP while its QEMU runs, else from its disk with qemu-img.</summary>
    /// <exception cref="SnapshotException">Listing failed (<see cref="SnapshotError.Failed"/>).</exception>
    public async Task<IReadOnlyList<SnapshotInfo>> ListAsync(string vmName, CancellationToken cancellationToken)
    {
        using var _ = await _table.LockAsync(vmName, cancellationToken).ConfigureAwait(false);
        var paths = _table.Layout.For(vmName);
        return await VmSnapshots.ListAsync(vmName, (await _table.LiveAsync(paths, cancellationToken).ConfigureAwait(false))?.Qmp, paths.Disk, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes an internal snapshot of the VM's disk. Running (or paused): with <paramref name="memory"/>, disk, RAM and
    /// device state (HMP <c>savevm</c>); without, the disk alone while the guest runs on (crash-consistent). Stopped: the
    /// disk (<c>qemu-img snapshot -c</c>); a VM never started gets its disk first.
    /// </summary>
    /// <exception cref="Core.Naming.InvalidNameException">Not a DNS label, or only digits.</exception>
    /// <exception cref="SnapshotException">The name is taken; memory asked of a stopped VM; QEMU or qemu-img failed.</exception>
    public async Task<SnapshotInfo> CreateAsync(VmSpec spec, string snapshot, bool memory, CancellationToken cancellationToken)
    {
        SnapshotName.Validate(snapshot);
        using var _ = await _table.LockAsync(spec.Name, cancellationToken).ConfigureAwait(false);
        var paths = _table.Layout.For(spec.Name);
        var live = await _table.LiveAsync(paths, cancellationToken).ConfigureAwait(false);
        if (live is null && !memory) await _preparer.PrepareAsync(spec, null, cancellationToken).ConfigureAwait(false);
        var made = await VmSnapshots.CreateAsync(spec.Name, live?.Qmp, paths.Disk, snapshot, memory, cancellationToken).ConfigureAwait(false);
        Log.SnapshotCreated(_logger, spec.Name, snapshot, made.VmStateBytes);
        return made;
    }

    /// <summary>
    /// Brings the VM back to a snapshot. Running (or paused): disk and RAM (HMP <c>loadvm</c>); it carries on from there,
    /// running or paused as it was. Stopped: the disk (<c>qemu-img snapshot -a</c>), and the next start is a cold boot.
    /// </summary>
    /// <exception cref="SnapshotException">No such snapshot; a running VM and a disk-only snapshot; QEMU or qemu-img failed.</exception>
    public async Task<SnapshotInfo> RevertAsync(VmSpec spec, string snapshot, CancellationToken cancellationToken)
    {
        using var _ = await _table.LockAsync(spec.Name, cancellationToken).ConfigureAwait(false);
        var paths = _table.Layout.For(spec.Name);
        var live = await _table.LiveAsync(paths, cancellationToken).ConfigureAwait(false);
        var reverted = await VmSnapshots.RevertAsync(spec.Name, live?.Qmp, paths.Disk, snapshot, cancellationToken).ConfigureAwait(false);
        // loadvm brings back the balloon device's target of that moment too: the spec's target stands.
        if (live is not null && spec.BalloonTargetMiB is { } target) await live.RequestBalloonAsync(target, cancellationToken).ConfigureAwait(false);
        Log.SnapshotReverted(_logger, spec.Name, snapshot, live is not null);
        return reverted;
    }

    /// <exception cref="SnapshotException">No such snapshot; QEMU or qemu-img failed.</exception>
    public async Task DeleteAsync(string vmName, string snapshot, CancellationToken cancellationToken)
    {
        using var _ = await _table.LockAsync(vmName, cancellationToken).ConfigureAwait(false);
        var paths = _table.Layout.For(vmName);
        await VmSnapshots.DeleteAsync(vmName, (await _table.LiveAsync(paths, cancellationToken).ConfigureAwait(false))?.Qmp, paths.Disk, snapshot, cancellationToken).ConfigureAwait(false);
        Log.SnapshotDeleted(_logger, vmName, snapshot);
    }
}
