using System.Globalization;
using Flotilla.Compute.Disks;
using Flotilla.Compute.Vms;
using Flotilla.Core.Naming;
using Flotilla.Core.Vms;
using Microsoft.Extensions.Logging;

namespace Flotilla.Compute.Images;

/// <summary>A host's templates: the built ones in the image dir, and user templates made from stopped VMs' disks.</summary>
public sealed partial class HostTemplates
{
    private readonly VmTable _table;
    private readonly TemplateCatalog _catalog;
    private readonly UserTemplateStore _userTemplates;
    private readonly VmPreparer _preparer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    internal HostTemplates(VmTable table, TemplateCatalog catalog, UserTemplateStore userTemplates, VmPreparer preparer, TimeProvider time, ILogger<HostTemplates> logger)
    {
        _table = table;
        _catalog = catalog;
        _userTemplates = userTemplates;
        _preparer = preparer;
        _time = time;
        _logger = logger;
    }

    /// <summary>The templates built in the image dir (read on each call).</summary>
    public IReadOnlyList<TemplateInfo> Built => _catalog.List();

    /// <exception cref="TemplateNotFoundException">No built template of that name; the message lists what is built.</exception>
    public TemplateInfo Find(string name) => _catalog.Find(name);

    /// <summary>A template's base disk (built: in the image dir; user: in the template store).</summary>
    /// <exception cref="TemplateNotFoundException">No template of that name of either kind.</exception>
    public Task<DiskInfo> DescribeDiskAsync(string name, CancellationToken cancellationToken)
    {
        var disk = _userTemplates.Find(name) is { } user ? user.Build.BaseDisk : _catalog.Find(name).BaseDisk;
        return QemuImgInfo.ReadAsync(disk, cancellationToken);
    }

    /// <summary>The user template of that name's files, or null.</summary>
    public UserTemplateBuild? FindUser(string name) => ResourceName.IsValid(name) ? _userTemplates.Find(name)?.Build : null;

    /// <summary>
    /// Makes user template <paramref name="name"/> from a stopped VM: its disk flattened into a standalone base disk, with
    /// the kernel and initramfs of the build the VM boots, read-only in the template store (see <see cref="UserTemplateStore"/>).
    /// A VM never started gets its disk first, as its start would make it. Holds the VM's lock, so it cannot start meanwhile.
    /// </summary>
    /// <exception cref="InvalidOperationException">The VM's QEMU runs.</exception>
    /// <exception cref="TemplateCreateException">qemu-img or a copy failed; nothing is left.</exception>
    public async Task<UserTemplateBuild> CreateAsync(VmSpec source, string name, CancellationToken cancellationToken)
    {
        ResourceName.Validate(name, "template");
        using var _ = await _table.LockAsync(source.Name, cancellationToken).ConfigureAwait(false);
        var paths = _table.Layout.For(source.Name);
        if (_table.IsRunning(source.Name))
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
    public void Delete(string name)
    {
        ResourceName.Validate(name, "template");
        _userTemplates.Delete(name);
        Log.TemplateDeleted(_logger, name);
    }

    /// <summary>The guest's floor as the booted build's manifest says (built ones may carry <c>min_memory_mib</c>).</summary>
    private int MinMemoryOf(string record)
    {
        var manifest = Path.Combine(_table.Layout.TemplatesDir, record, TemplateManifest.FileName);
        var values = File.Exists(manifest) ? TemplateManifest.Parse(File.ReadAllText(manifest)).Values : new Dictionary<string, string>();
        return int.TryParse(values.GetValueOrDefault("min_memory_mib"), CultureInfo.InvariantCulture, out var min) ? min : TemplateCatalog.DefaultMinMemoryMiB;
    }
}
