using System.Globalization;
using Flotilla.Compute.Disks;
using Flotilla.Compute.Images;
using Flotilla.Compute.Pools;
using Flotilla.Compute.Vms;
using Flotilla.Core.Naming;
using Flotilla.Core.Vms;

namespace Flotilla.Compute;

/// <summary>Disks as storage: where they are, how big (virtual against allocated), and user templates made from them.</summary>
public sealed partial class HostCompute
{
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

    /// <summary>A template's base disk (built: in the image dir; user: in the template store).</summary>
    /// <exception cref="TemplateNotFoundException">No template of that name of either kind.</exception>
    public Task<DiskInfo> DescribeTemplateDiskAsync(string name, CancellationToken cancellationToken)
    {
        var disk = _userTemplates.Find(name) is { } user ? user.Build.BaseDisk : _catalog.Find(name).BaseDisk;
        return QemuImgInfo.ReadAsync(disk, cancellationToken);
    }

    /// <summary>The user template of that name's files, or null.</summary>
    public UserTemplateBuild? FindUserTemplate(string name) => ResourceName.IsValid(name) ? _userTemplates.Find(name)?.Build : null;

    /// <summary>
    /// Makes user template <paramref name="name"/> from a stopped VM: its disk flattened into a standalone base disk, with
    /// the kernel and initramfs of the build the VM boots, read-only in the template store (see <see cref="UserTemplateStore"/>).
    /// A VM never started gets its disk first, as its start would make it. Holds the VM's lock, so it cannot start meanwhile.
    /// </summary>
    /// <exception cref="InvalidOperationException">The VM's QEMU runs.</exception>
    /// <exception cref="TemplateCreateException">qemu-img or a copy failed; nothing is left.</exception>
    public async Task<UserTemplateBuild> CreateTemplateAsync(VmSpec source, string name, CancellationToken cancellationToken)
    {
        ResourceName.Validate(name, "template");
        using var _ = await LockAsync(source.Name, cancellationToken).ConfigureAwait(false);
        var paths = _layout.For(source.Name);
        if (_running.ContainsKey(source.Name) || VmAttacher.LivePid(paths) is not null)
        {
            throw new InvalidOperationException($"VM '{source.Name}' is running: stop it before making a template of it");
        }
        var prepared = await _preparer.PrepareAsync(source, null, cancellationToken).ConfigureAwait(false);
        var record = (await File.ReadAllTextAsync(paths.TemplateRecord, cancellationToken).ConfigureAwait(false)).Trim();
        try
        {
            var build = await _userTemplates.CreateAsync(name, paths.Disk, prepared.Template, record, MinMemoryOf(record), source.Name, _time.GetUtcNow(), cancellationToken)
                .ConfigureAwait(false);
            Log.TemplateCreated(_logger, name, source.Name, build.Id);
            return build;
        }
        catch (IOException e)
        {
            throw new TemplateCreateException(name, source.Name, e);
        }
    }

    /// <summary>Removes the user template's files; built templates' copies are never touched. Nothing to do if there are none.</summary>
    public void DeleteTemplate(string name)
    {
        ResourceName.Validate(name, "template");
        _userTemplates.Delete(name);
        Log.TemplateDeleted(_logger, name);
    }

    /// <summary>The guest's floor as the booted build's manifest says (built ones may carry <c>min_memory_mib</c>).</summary>
    private int MinMemoryOf(string record)
    {
        var manifest = Path.Combine(_layout.TemplatesDir, record, TemplateManifest.FileName);
        var values = File.Exists(manifest) ? TemplateManifest.Parse(File.ReadAllText(manifest)).Values : new Dictionary<string, string>();
        return int.TryParse(values.GetValueOrDefault("min_memory_mib"), CultureInfo.InvariantCulture, out var min) ? min : TemplateCatalog.DefaultMinMemoryMiB;
    }
}
