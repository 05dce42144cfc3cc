using Flotilla.Compute;
using Flotilla.Compute.Snapshots;
using Flotilla.Daemon.Vms;

namespace Flotilla.Daemon.Snapshots;

/// <summary>
/// What the snapshot endpoints do. Snapshots are not desired state: they are the disk's own (internal qcow2 snapshots,
/// nothing else to store), so each command is done at once by the compute runtime, which picks QMP or qemu-img by
/// whether the VM's QEMU runs, under that VM's lock.
/// </summary>
internal sealed class SnapshotCommands(VmRepository vms, HostCompute compute)
{
    public async Task<IReadOnlyList<SnapshotView>> ListAsync(string vm, CancellationToken ct)
    {
        await GetVmAsync(vm, ct).ConfigureAwait(false);
        return [.. (await compute.Snapshots.ListAsync(vm, ct).ConfigureAwait(false)).Select(SnapshotViews.From)];
    }

    public async Task<SnapshotView> GetAsync(string vm, string snapshot, CancellationToken ct)
    {
        SnapshotName.Validate(snapshot);
        var all = await ListAsync(vm, ct).ConfigureAwait(false);
        return all.FirstOrDefault(s => s.Name == snapshot) ?? throw SnapshotException.NotFoundFor(vm, snapshot);
    }

    public async Task<SnapshotView> CreateAsync(string vm, CreateSnapshotRequest request, CancellationToken ct)
    {
        var name = SnapshotName.Validate(request.Name);
        var view = await GetVmAsync(vm, ct).ConfigureAwait(false);
        return SnapshotViews.From(await compute.Snapshots.CreateAsync(view.Spec, name, request.Memory, ct).ConfigureAwait(false));
    }

    public async Task<SnapshotView> RevertAsync(string vm, string snapshot, CancellationToken ct)
    {
        SnapshotName.Validate(snapshot);
        var view = await GetVmAsync(vm, ct).ConfigureAwait(false);
        return SnapshotViews.From(await compute.Snapshots.RevertAsync(view.Spec, snapshot, ct).ConfigureAwait(false));
    }

    public async Task DeleteAsync(string vm, string snapshot, CancellationToken ct)
    {
        SnapshotName.Validate(snapshot);
        await GetVmAsync(vm, ct).ConfigureAwait(false);
        await compute.Snapshots.DeleteAsync(vm, snapshot, ct).ConfigureAwait(false);
    }

    private async Task<VmView> GetVmAsync(string name, CancellationToken ct) =>
        await vms.GetAsync(name, ct).ConfigureAwait(false) ?? throw new VmNotFoundException(name);
}
