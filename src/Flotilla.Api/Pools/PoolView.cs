namespace Flotilla.Api.Pools;

/// <summary>
/// A pool as the API shows it: its spec, its volumes, and the totals that make thin provisioning visible. Allocated is
/// what the disks hold on the host, provisioned what their guests could fill (the sum of virtual sizes); overcommit is
/// provisioned / capacity.
/// </summary>
public sealed record PoolView(
    string Name, string Path, PoolTier Tier, bool IsDefault, long CapacityBytes, long AllocatedBytes, long ProvisionedBytes, long FreeBytes,
    double Overcommit, IReadOnlyList<VolumeView> Volumes);
