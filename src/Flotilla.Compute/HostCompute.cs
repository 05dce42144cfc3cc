using Flotilla.Compute.Accel;
using Flotilla.Compute.Disks;
using Flotilla.Compute.Images;
using Flotilla.Compute.Networking;
using Flotilla.Compute.Snapshots;
using Flotilla.Compute.Vms;
using Microsoft.Extensions.Logging;

namespace Flotilla.Compute;

/// <summary>
/// One host's compute, as its parts: <see cref="Vms"/> (directories and QEMUs), <see cref="Snapshots"/>,
/// <see cref="Templates"/>, <see cref="Accel"/>, <see cref="Disks"/> and <see cref="Networks"/>. It only composes them:
/// they share the data dir's layout, the template store, and the per-VM locks and held QEMUs (<see cref="VmTable"/>),
/// which must be one instance per data dir. Disposing it lets go of the VMs; their QEMUs keep running.
/// </summary>
public sealed class HostCompute : IAsyncDisposable
{
    private readonly VmTable _table;
    private readonly TemplateStore _store;

    public HostCompute(ComputeOptions options, ILoggerFactory loggers, TimeProvider time)
    {
        var layout = new VmLayout(options.DataDir);
        var catalog = new TemplateCatalog(options.ImageDir);
        _store = new TemplateStore(layout.TemplatesDir);
        var userTemplates = new UserTemplateStore(layout.TemplatesDir);
        var preparer = new VmPreparer(layout, catalog, _store, userTemplates);
        Networks = new HostNetworks(new NetworkNames(layout.HostId), loggers.CreateLogger<HostNetworks>());
        var vmLogger = loggers.CreateLogger<VmRuntime>();
        var attacher = new VmAttacher(time, vmLogger);
        _table = new VmTable(layout, attacher);
        Vms = new VmRuntime(options, _table, preparer, new VmStarter(options, Networks, time, vmLogger), attacher, Networks, vmLogger);
        Snapshots = new HostSnapshots(_table, preparer, loggers.CreateLogger<HostSnapshots>());
        Templates = new HostTemplates(_table, catalog, userTemplates, preparer, time, loggers.CreateLogger<HostTemplates>());
        Accel = new HostAccel(options, layout, catalog, _store, time, loggers.CreateLogger<HostAccel>());
        Disks = new HostDisks(layout);
    }

    /// <summary>VMs: prepare, start, re-attach, stop, pause, resume, reset, balloon, clone, delete.</summary>
    public VmRuntime Vms { get; }

    public HostSnapshots Snapshots { get; }

    public HostTemplates Templates { get; }

    public HostAccel Accel { get; }

    public HostDisks Disks { get; }

    /// <summary>This host's share of its networks: namespaces, bridges, uplinks, taps.</summary>
    public HostNetworks Networks { get; }

    /// <summary>Lets go of every VM (closes QMP, stops watching); their QEMUs keep running.</summary>
    public async ValueTask DisposeAsync()
    {
        await _table.DisposeAsync().ConfigureAwait(false);
        _store.Dispose();
        Accel.Dispose();
    }
}
