using System.Collections.Concurrent;
using Flotilla.Compute.Accel;
using Flotilla.Compute.Images;
using Flotilla.Compute.Networking;
using Flotilla.Compute.Pools;
using Flotilla.Compute.Qemu;
using Flotilla.Compute.Qemu.Qmp.Commands;
using Flotilla.Compute.Snapshots;
using Flotilla.Compute.Vms;
using Flotilla.Core.Vms;
using Microsoft.Extensions.Logging;

namespace Flotilla.Compute;

/// <summary>
/// One host's compute runtime, what the daemon's reconciler calls: templates, VM directories (disk, seed), QEMU
/// processes and their QMP. VMs outlive this object and the daemon: <see cref="DisposeAsync"/> lets go of them, and a
/// new instance finds them again with <see cref="TryAttachAsync"/>. Operations on one VM name are serialised.
/// </summary>
public sealed partial class HostCompute : IAsyncDisposable
{
    private readonly ComputeOptions _options;
    private readonly ILogger<HostCompute> _logger;
    private readonly TimeProvider _time;
    private readonly VmLayout _layout;
    private readonly TemplateCatalog _catalog;
    private readonly TemplateStore _store;
    private readonly UserTemplateStore _userTemplates;
    private readonly VmPreparer _preparer;
    private readonly VmStarter _starter;
    private readonly VmAttacher _attacher;
    private readonly AccelVerdictCache _accelCache;
    private readonly SemaphoreSlim _accelGate = new(1, 1);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _vmGates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RunningVm> _running = new(StringComparer.Ordinal);

    public HostCompute(ComputeOptions options, ILogger<HostCompute> logger, TimeProvider time)
    {
        _options = options;
        _logger = logger;
        _time = time;
        _layout = new VmLayout(options.DataDir);
        _catalog = new TemplateCatalog(options.ImageDir);
        _store = new TemplateStore(_layout.TemplatesDir);
        _userTemplates = new UserTemplateStore(_layout.TemplatesDir);
        _preparer = new VmPreparer(_layout, _catalog, _store, _userTemplates);
        Networks = new HostNetworks(new NetworkNames(_layout.HostId), logger);
        _starter = new VmStarter(options, Networks, time, logger);
        _attacher = new VmAttacher(time, logger);
        _accelCache = new AccelVerdictCache(_layout.AccelFile);
    }

    /// <summary>This host's share of its networks: namespaces, bridges, uplinks, taps.</summary>
    public HostNetworks Networks { get; }

    /// <summary>The templates built in the image dir (read on each call).</summary>
    public IReadOnlyList<TemplateInfo> Templates => _catalog.List();

    /// <exception cref="TemplateNotFoundException">No built template of that name; the message lists what is built.</exception>
    public TemplateInfo FindTemplate(string name) => _catalog.Find(name);

    /// <exception cref="QemuMissingException">QEMU is not installed.</exception>
    public Task<string> QemuVersionAsync(CancellationToken cancellationToken) => QemuTools.VersionAsync(_options.QemuBinary, cancellationToken);

    /// <summary>
    /// kvm or tcg, and why: the verdict cached in <c>DATA_DIR/accel.json</c> for this QEMU version, else a boot probe
    /// (a tiny guest under <c>-accel kvm</c> that must reach its init within 10 s), whose verdict is then cached.
    /// </summary>
    public async Task<AccelVerdict> ProbeAccelAsync(CancellationToken cancellationToken)
    {
        var version = await QemuVersionAsync(cancellationToken).ConfigureAwait(false);
        await _accelGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_accelCache.Read(version) is { } cached) return cached;
            var template = _catalog.List().FirstOrDefault();
            if (template is null)
            {
                // Not cached: once a template is built, the next call probes for real.
                return new AccelVerdict(AccelVerdict.Tcg, $"kvm: not probed, no template in {_options.ImageDir} to boot");
            }
            var files = await _store.EnsureAsync(template, cancellationToken).ConfigureAwait(false);
            var probe = new AccelProbe(_options.QemuBinary, _time, _options.AccelProbeTimeout);
            var verdict = await probe.ProbeAsync(files, Path.Combine(_layout.DataDir, $"accel-probe-{Guid.NewGuid():N}"), cancellationToken).ConfigureAwait(false);
            _accelCache.Write(new AccelRecord { Accel = verdict.Accel, Reason = verdict.Reason, QemuVersion = version, Host = _options.HostName, ProbedAt = _time.GetUtcNow() });
            Log.AccelProbed(_logger, verdict.Accel, verdict.Reason);
            return verdict;
        }
        finally
        {
            _accelGate.Release();
        }
    }

    /// <summary>
    /// Makes <c>DATA_DIR/vms/NAME/</c>: the disk (a qcow2 overlay on the host's copy of the template's base disk, or a
    /// full copy with <see cref="VmSpec.FullClone"/>; an existing disk is kept), and the NoCloud seed (rewritten from
    /// the spec). Idempotent; a failure leaves no half-made VM directory.
    /// </summary>
    /// <exception cref="TemplateNotFoundException">No such template built.</exception>
    /// <exception cref="TemplateCorruptException">The template's files do not match its manifest.</exception>
    /// <exception cref="QemuMissingException">qemu-img or genisoimage is not installed.</exception>
    public Task PrepareAsync(VmSpec spec, CancellationToken cancellationToken) => PrepareAsync(spec, null, cancellationToken);

    /// <summary>As <see cref="PrepareAsync(VmSpec, CancellationToken)"/>, a new disk going to <paramref name="placement"/>
    /// (a pool's directory; null: the VM's own directory, the default pool). An existing disk stays where it is.</summary>
    /// <exception cref="IOException">The pool already has a file of the disk's name, or cannot be written.</exception>
    public async Task PrepareAsync(VmSpec spec, DiskPlacement? placement, CancellationToken cancellationToken)
    {
        using var _ = await LockAsync(spec.Name, cancellationToken).ConfigureAwait(false);
        await _preparer.PrepareAsync(spec, placement, cancellationToken).ConfigureAwait(false);
        Log.Prepared(_logger, spec.Name, spec.Template, spec.FullClone);
    }

    /// <summary>Prepares (idempotently) and launches the VM's QEMU; returns once QMP is up (the guest is booting).</summary>
    /// <param name="accel"><c>kvm</c> or <c>tcg</c>, from <see cref="ProbeAccelAsync"/>.</param>
    /// <exception cref="PortInUseException">A forward's host port is taken.</exception>
    /// <exception cref="VmStartException">QEMU exited at start, or opened no QMP socket.</exception>
    /// <exception cref="InvalidOperationException">Its QEMU is running already.</exception>
    public async Task<RunningVm> StartAsync(VmSpec spec, string accel, CancellationToken cancellationToken)
    {
        using var _ = await LockAsync(spec.Name, cancellationToken).ConfigureAwait(false);
        var paths = _layout.For(spec.Name);
        if (_running.ContainsKey(spec.Name) || VmAttacher.LivePid(paths) is not null)
        {
            throw new InvalidOperationException($"VM '{spec.Name}' is running already");
        }
        var prepared = await _preparer.PrepareAsync(spec, null, cancellationToken).ConfigureAwait(false);
        return Track(await _starter.StartAsync(prepared, spec, accel, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// After a daemon restart: the handle of the VM's running QEMU (checked by pid file and command line, then QMP),
    /// or null when none runs, in which case its stale pid and socket files are removed. A VM this instance already
    /// holds is returned as is.
    /// </summary>
    /// <exception cref="Qemu.Qmp.QmpException">QEMU runs but its QMP does not answer (another daemon holds it?).</exception>
    public async Task<RunningVm?> TryAttachAsync(VmSpec spec, CancellationToken cancellationToken)
    {
        using var _ = await LockAsync(spec.Name, cancellationToken).ConfigureAwait(false);
        if (_running.TryGetValue(spec.Name, out var held)) return held;
        var vm = await _attacher.TryAttachAsync(_layout.For(spec.Name), cancellationToken).ConfigureAwait(false);
        if (vm is null) return null;
        // A daemon that died between QEMU's start and the taps' attachment left them on the host: finish the job.
        for (var i = 0; i < spec.Nics.Count && HostNetworks.Available; i++)
        {
            try
            {
                await Networks.AttachTapAsync(Networks.Names.Tap(spec.Name, i), spec.Nics[i].Network, cancellationToken).ConfigureAwait(false);
            }
            catch (NetworkSetupException e)
            {
                Log.TapLost(_logger, spec.Name, i, e.Message);
            }
        }
        return Track(vm);
    }

    /// <summary>ACPI power button every 2 s (a press before the guest is ready is lost), <c>quit</c> after
    /// <see cref="ComputeOptions.ShutdownGrace"/>, SIGKILL 5 s later. Returns when QEMU has exited.</summary>
    public Task ShutdownAsync(RunningVm vm, CancellationToken cancellationToken) => vm.ShutdownAsync(_options.ShutdownGrace, cancellationToken);

    /// <summary>Pulls the plug: <c>quit</c>, SIGKILL if QEMU has not exited within 5 s. Returns when it has.</summary>
    public Task DestroyAsync(RunningVm vm, CancellationToken cancellationToken) => vm.DestroyAsync("quit", cancellationToken);

    public Task PauseAsync(RunningVm vm, CancellationToken cancellationToken) => vm.ExecuteAsync(new Stop(), cancellationToken);

    public Task ResumeAsync(RunningVm vm, CancellationToken cancellationToken) => vm.ExecuteAsync(new Cont(), cancellationToken);

    /// <summary>A hardware reset: the guest reboots at once (user-data does not run again: same instance-id).</summary>
    public Task ResetAsync(RunningVm vm, CancellationToken cancellationToken) => vm.ExecuteAsync(new SystemReset(), cancellationToken);

    /// <summary>Sets the balloon target and waits (at most 10 s) for the guest to reach it.</summary>
    /// <returns>The guest's actual memory in MiB; null when its balloon driver is not loaded yet.</returns>
    public Task<int?> SetBalloonAsync(RunningVm vm, int targetMiB, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetMiB);
        return vm.SetBalloonAsync(targetMiB, cancellationToken);
    }

    /// <summary>
    /// Makes <paramref name="clone"/>'s directory from <paramref name="source"/>'s disk as it is now: a linked clone (a new
    /// overlay on the template's base disk holding the source's changes) or, with <see cref="VmSpec.FullClone"/>, a
    /// standalone copy; see <see cref="Disks.VmDisk.CloneAsync"/>. The clone gets its own seed from its own spec (its new
    /// MAC and instance-id). The source must be stopped: an overlay on, or a copy of, a disk that is being written is not
    /// a disk. A failure leaves nothing of the clone.
    /// </summary>
    /// <exception cref="InvalidOperationException">The source's QEMU runs.</exception>
    /// <exception cref="VmCloneException">qemu-img failed, or a directory of the clone's name exists.</exception>
    /// <exception cref="TemplateNotFoundException">The source's template build is gone and no template of its name is built.</exception>
    public Task CloneAsync(VmSpec source, VmSpec clone, CancellationToken cancellationToken) => CloneAsync(source, clone, null, cancellationToken);

    /// <summary>As <see cref="CloneAsync(VmSpec, VmSpec, CancellationToken)"/>, the clone's disk going to <paramref name="placement"/>
    /// (null: the clone's own directory, the default pool).</summary>
    public async Task CloneAsync(VmSpec source, VmSpec clone, DiskPlacement? placement, CancellationToken cancellationToken)
    {
        // Both locks, always in name order, so that two clones in opposite directions cannot deadlock.
        var names = new[] { source.Name, clone.Name }.Order(StringComparer.Ordinal).ToArray();
        using var first = await LockAsync(names[0], cancellationToken).ConfigureAwait(false);
        using var second = await LockAsync(names[1], cancellationToken).ConfigureAwait(false);
        if (_running.ContainsKey(source.Name) || VmAttacher.LivePid(_layout.For(source.Name)) is not null)
        {
            throw new InvalidOperationException($"VM '{source.Name}' is running: stop it before cloning it");
        }
        try
        {
            await _preparer.CloneAsync(source, clone, placement, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new VmCloneException(source.Name, clone.Name, e);
        }
        Log.Cloned(_logger, clone.Name, source.Name, clone.FullClone);
    }

    /// <summary>The VM's snapshots, oldest first: through QMP while its QEMU runs, else from its disk with qemu-img.</summary>
    /// <exception cref="SnapshotException">Listing failed (<see cref="SnapshotError.Failed"/>).</exception>
    public async Task<IReadOnlyList<SnapshotInfo>> ListSnapshotsAsync(string vmName, CancellationToken cancellationToken)
    {
        using var _ = await LockAsync(vmName, cancellationToken).ConfigureAwait(false);
        var paths = _layout.For(vmName);
        return await VmSnapshots.ListAsync(vmName, (await LiveAsync(paths, cancellationToken).ConfigureAwait(false))?.Qmp, paths.Disk, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes an internal snapshot of the VM's disk. Running (or paused): with <paramref name="memory"/>, disk, RAM and
    /// device state (HMP <c>savevm</c>); without, the disk alone while the guest runs on (crash-consistent). Stopped: the
    /// disk (<c>qemu-img snapshot -c</c>); a VM never started gets its disk first.
    /// </summary>
    /// <exception cref="Core.Naming.InvalidNameException">Not a DNS label, or only digits.</exception>
    /// <exception cref="SnapshotException">The name is taken; memory asked of a stopped VM; QEMU or qemu-img failed.</exception>
    public async Task<SnapshotInfo> CreateSnapshotAsync(VmSpec spec, string snapshot, bool memory, CancellationToken cancellationToken)
    {
        SnapshotName.Validate(snapshot);
        using var _ = await LockAsync(spec.Name, cancellationToken).ConfigureAwait(false);
        var paths = _layout.For(spec.Name);
        var live = await LiveAsync(paths, cancellationToken).ConfigureAwait(false);
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
    public async Task<SnapshotInfo> RevertSnapshotAsync(VmSpec spec, string snapshot, CancellationToken cancellationToken)
    {
        using var _ = await LockAsync(spec.Name, cancellationToken).ConfigureAwait(false);
        var paths = _layout.For(spec.Name);
        var live = await LiveAsync(paths, cancellationToken).ConfigureAwait(false);
        var reverted = await VmSnapshots.RevertAsync(spec.Name, live?.Qmp, paths.Disk, snapshot, cancellationToken).ConfigureAwait(false);
        // loadvm brings back the balloon device's target of that moment too: the spec's target stands.
        if (live is not null && spec.BalloonTargetMiB is { } target) await live.RequestBalloonAsync(target, cancellationToken).ConfigureAwait(false);
        Log.SnapshotReverted(_logger, spec.Name, snapshot, live is not null);
        return reverted;
    }

    /// <exception cref="SnapshotException">No such snapshot; QEMU or qemu-img failed.</exception>
    public async Task DeleteSnapshotAsync(string vmName, string snapshot, CancellationToken cancellationToken)
    {
        using var _ = await LockAsync(vmName, cancellationToken).ConfigureAwait(false);
        var paths = _layout.For(vmName);
        await VmSnapshots.DeleteAsync(vmName, (await LiveAsync(paths, cancellationToken).ConfigureAwait(false))?.Qmp, paths.Disk, snapshot, cancellationToken).ConfigureAwait(false);
        Log.SnapshotDeleted(_logger, vmName, snapshot);
    }

    /// <summary>Removes <c>DATA_DIR/vms/NAME/</c>, its disk in a pool (no orphan volume) and its socket; nothing to do if it is gone.</summary>
    /// <exception cref="InvalidOperationException">Its QEMU is running.</exception>
    public async Task DeleteAsync(string vmName, CancellationToken cancellationToken)
    {
        using var _ = await LockAsync(vmName, cancellationToken).ConfigureAwait(false);
        var paths = _layout.For(vmName);
        if (_running.ContainsKey(vmName) || VmAttacher.LivePid(paths) is not null)
        {
            throw new InvalidOperationException($"VM '{vmName}' is running: stop it before deleting it");
        }
        // The socket may live outside the VM dir (short-path fallback); neither may exist (never started).
        if (File.Exists(paths.QmpSocket)) File.Delete(paths.QmpSocket);
        if (!Directory.Exists(paths.Dir)) return;
        // The pool's file first: once the link is gone, nothing would say where it is.
        if (VolumeLink.Target(paths.Disk) is { } volume) File.Delete(volume);
        Directory.Delete(paths.Dir, recursive: true);
        Log.Deleted(_logger, vmName);
    }

    /// <summary>The guest's serial console, as a file (<c>\r\n</c> line ends; truncated at each start).</summary>
    public string ConsoleLogPath(string vmName) => _layout.For(vmName).ConsoleLog;

    /// <summary>
    /// The VM's QEMU while it runs: the handle held, else (a daemon that has just restarted, before its worker
    /// re-attached) one attached now, which the worker's own attach then gets. Null when no QEMU runs on the disk.
    /// </summary>
    private async Task<RunningVm?> LiveAsync(VmPaths paths, CancellationToken cancellationToken)
    {
        if (_running.TryGetValue(paths.Name, out var held) && !held.Exited.IsCompleted) return held;
        if (VmAttacher.LivePid(paths) is null) return null;
        var attached = await _attacher.TryAttachAsync(paths, cancellationToken).ConfigureAwait(false);
        return attached is null ? null : Track(attached);
    }

    private RunningVm Track(RunningVm vm)
    {
        _running[vm.Name] = vm;
        _ = vm.Exited.ContinueWith(_ => _running.TryRemove(new KeyValuePair<string, RunningVm>(vm.Name, vm)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return vm;
    }

    private async Task<IDisposable> LockAsync(string vmName, CancellationToken cancellationToken)
    {
        var gate = _vmGates.GetOrAdd(vmName, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }

    /// <summary>Lets go of every VM (closes QMP, stops watching); their QEMUs keep running.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var vm in _running.Values) await vm.DisposeAsync().ConfigureAwait(false);
        _running.Clear();
        _store.Dispose();
        _accelGate.Dispose();
    }
}
