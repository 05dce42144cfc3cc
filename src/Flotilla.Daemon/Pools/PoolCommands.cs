using Flotilla.Api;
using Flotilla.Compute;
using Flotilla.Compute.Pools;
using Flotilla.Core.Naming;
using Flotilla.Core.Vms;
using Flotilla.Daemon.Vms;

namespace Flotilla.Daemon.Pools;

/// <summary>
/// What the pool endpoints do, and what VM creation asks of pools: which pool a name is, where its disks go, and
/// whether a new disk fits. Pool specs live in the store; what a pool holds is measured from this host's VM disks in
/// it (<c>qemu-img info</c>), never kept, so it cannot drift from the files.
/// </summary>
internal sealed class PoolCommands(PoolRepository pools, VmRepository vms, HostCompute compute, DefinitionGate gate)
{
    /// <summary>Every host's own pool: the VM directories under the data dir, as the whole filesystem's size.</summary>
    public PoolSpec Default => new()
    {
        Name = VmSpec.DefaultPool, Path = compute.Disks.DefaultPoolDirectory, CapacityBytes = compute.Disks.DataDirFileSystemBytes,
        // The data dir's disk is whatever the host has: the middle tier, claiming neither fast nor cheap.
        Tier = PoolTier.Silver,
    };

    /// <exception cref="PoolNotFoundException">No pool of that name.</exception>
    public async Task<PoolSpec> ResolveAsync(string? name, CancellationToken ct)
    {
        name ??= VmSpec.DefaultPool;
        if (name == VmSpec.DefaultPool) return Default;
        if (ResourceName.IsValid(name) && await pools.GetAsync(name, ct).ConfigureAwait(false) is { } pool) return pool;
        throw new PoolNotFoundException(name, [VmSpec.DefaultPool, .. (await pools.ListAsync(ct).ConfigureAwait(false)).Select(p => p.Name)]);
    }

    /// <summary>Where compute makes a disk of this pool: null for the default pool (the VM's own directory).</summary>
    public static DiskPlacement? PlacementOf(PoolSpec pool) => pool.Name == VmSpec.DefaultPool ? null : new DiskPlacement(pool.Name, pool.Path);

    public async Task<IReadOnlyList<PoolView>> ListAsync(CancellationToken ct)
    {
        var all = await vms.ListAsync(ct).ConfigureAwait(false);
        var views = new List<PoolView> { await ViewAsync(Default, all, ct).ConfigureAwait(false) };
        foreach (var pool in await pools.ListAsync(ct).ConfigureAwait(false)) views.Add(await ViewAsync(pool, all, ct).ConfigureAwait(false));
        return views;
    }

    public async Task<PoolView> GetAsync(string name, CancellationToken ct) =>
        await ViewAsync(await ResolveAsync(name, ct).ConfigureAwait(false), await vms.ListAsync(ct).ConfigureAwait(false), ct).ConfigureAwait(false);

    /// <summary>Defines a pool; its directory is made when missing. A failure leaves no definition and no directory made.</summary>
    public async Task<PoolView> CreateAsync(CreatePoolRequest request, CancellationToken ct)
    {
        var name = ResourceName.Validate(request.Name, "pool");
        var tier = request.Tier?.Trim().ToLowerInvariant() switch
        {
            "gold" => PoolTier.Gold,
            "silver" => PoolTier.Silver,
            "bronze" => PoolTier.Bronze,
            null or "" => throw new InvalidPoolException("a pool needs a tier: gold, silver or bronze (--tier)"),
            _ => throw new InvalidPoolException($"tier must be gold, silver or bronze (got '{request.Tier}')"),
        };
        if (!ByteSize.TryParse(request.Capacity, out var capacity))
        {
            throw new InvalidPoolException(string.IsNullOrWhiteSpace(request.Capacity)
                ? "a pool needs a capacity, e.g. 20G (--capacity)"
                : $"capacity '{request.Capacity}' is not a size: give bytes, or a number with K, M, G or T (powers of 1024), e.g. 20G");
        }
        using var _ = await gate.EnterAsync(ct).ConfigureAwait(false);
        if (name == VmSpec.DefaultPool || await pools.GetAsync(name, ct).ConfigureAwait(false) is not null) throw new PoolExistsException(name);
        var path = PoolPaths.Validate(request.Path, [Default, .. await pools.ListAsync(ct).ConfigureAwait(false)], compute.Disks.TemplatesDirectory);
        bool made;
        try
        {
            made = PoolDirectory.Ensure(path);
        }
        catch (IOException e)
        {
            throw new InvalidPoolException(e.Message);
        }
        var pool = new PoolSpec { Name = name, Path = path, CapacityBytes = capacity, Tier = tier, MadeDirectory = made };
        try
        {
            await pools.CreateAsync(pool, ct).ConfigureAwait(false);
        }
        catch
        {
            if (made) PoolDirectory.RemoveIfEmpty(path);
            throw;
        }
        return await ViewAsync(pool, [], ct).ConfigureAwait(false);
    }

    /// <summary>Forgets a pool that holds no VM's disk; a directory the pool made goes too, once empty.</summary>
    public async Task DeleteAsync(string name, CancellationToken ct)
    {
        using var _ = await gate.EnterAsync(ct).ConfigureAwait(false);
        var pool = await ResolveAsync(name, ct).ConfigureAwait(false);
        if (pool.Name == VmSpec.DefaultPool) throw new PoolInUseException(name, "the default pool is the host's own (its VM directories): it cannot be deleted");
        var users = (await vms.ListAsync(ct).ConfigureAwait(false)).Where(v => v.Spec.Pool == pool.Name).Select(v => v.Name).Order(StringComparer.Ordinal).ToList();
        if (users.Count > 0)
        {
            throw new PoolInUseException(name, $"pool '{name}' holds the disks of VM{(users.Count == 1 ? "" : "s")} {string.Join(", ", users)}: undefine {(users.Count == 1 ? "it" : "them")} first");
        }
        await pools.DeleteAsync(name, ct).ConfigureAwait(false);
        if (pool.MadeDirectory) PoolDirectory.RemoveIfEmpty(pool.Path);
    }

    /// <summary>
    /// Refuses a new disk that does not fit (see <see cref="PoolUsage.Check"/>). The caller holds the
    /// <see cref="DefinitionGate"/>, so no other disk is made in between.
    /// </summary>
    /// <exception cref="InsufficientCapacityException">It does not fit.</exception>
    public async Task CheckRoomAsync(PoolSpec pool, long neededBytes, string what, CancellationToken ct)
    {
        var view = await ViewAsync(pool, await vms.ListAsync(ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        new PoolUsage(view.CapacityBytes, view.AllocatedBytes, view.ProvisionedBytes).Check(pool.Name, neededBytes, what);
    }

    /// <summary>The pool with its volumes (this host's VM disks in it, by VM name) and their totals.</summary>
    private async Task<PoolView> ViewAsync(PoolSpec pool, IReadOnlyList<VmView> all, CancellationToken ct)
    {
        var volumes = new List<VolumeView>();
        foreach (var vm in all.Where(v => v.Spec.Pool == pool.Name).OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            if (await VolumeAsync(vm.Name, ct).ConfigureAwait(false) is { } volume) volumes.Add(volume);
        }
        var usage = PoolUsage.Of(pool.CapacityBytes, volumes);
        return new PoolView(pool.Name, pool.Path, pool.Tier, pool.Name == VmSpec.DefaultPool, pool.CapacityBytes, usage.AllocatedBytes, usage.ProvisionedBytes,
            usage.FreeBytes, Math.Round(usage.Overcommit, 4), volumes);
    }

    /// <summary>The VM's disk as a volume; null while it has none (a VM defined before disks were made at create, never started).</summary>
    public async Task<VolumeView?> VolumeAsync(string vm, CancellationToken ct) =>
        await compute.Disks.DescribeDiskAsync(vm, ct).ConfigureAwait(false) is { } disk
            ? new VolumeView(vm, disk.Path, disk.VirtualBytes, disk.AllocatedBytes, disk.BackingFile)
            : null;
}
