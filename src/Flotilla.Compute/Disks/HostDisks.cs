using Flotilla.Compute.Pools;
using Flotilla.Compute.Vms;

namespace Flotilla.Compute.Disks;

/// <summary>Disks as storage: where they are, and how big (virtual against allocated).</summary>
public sealed class HostDisks
{
    private readonly VmLayout _layout;

    internal HostDisks(VmLayout layout) => _layout = layout;

    /// <summary>The default pool's directory, <c>DATA_DIR/vms</c>: each VM's disk in its own directory there.</summary>
    public string DefaultPoolDirectory => _layout.VmsDir;

    /// <summary>The host's template store, <c>DATA_DIR/templates</c> (read-only files; never a pool).</summary>
    public string TemplatesDirectory => _layout.TemplatesDir;

    /// <summary>The size of the filesystem holding the data dir: the default pool's capacity.</summary>
    public long DataDirFileSystemBytes => PoolDirectory.FileSystemBytes(_layout.DataDir);

    /// <summary>The VM's disk as qemu-img sees it (in whatever pool it is), or null when it has none yet.</summary>
    /// <exception cref="IOException">qemu-img failed on it.</exception>
    public async Task<DiskInfo?> DescribeDiskAsync(string vmName, CancellationToken cancellationToken)
    {
        var disk = VolumeLink.Resolve(_layout.For(vmName).Disk);
        if (!File.Exists(disk)) return null;
        return await QemuImgInfo.ReadAsync(disk, cancellationToken).ConfigureAwait(false);
    }
}
