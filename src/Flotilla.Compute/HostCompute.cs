using System.Collections.Concurrent;
using Flotilla.Compute.Accel;
using Flotilla.Compute.Images;
using Flotilla.Compute.Qemu;
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
        _preparer = new VmPreparer(_layout, _catalog, _store);
        _starter = new VmStarter(options, time, logger);
        _attacher = new VmAttacher(time, logger);
        _accelCache = new AccelVerdictCache(_layout.AccelFile);
    }

    /// <summary>The templates built in the image dir (read on each call).</summary>
    public IReadOnlyList<TemplateInfo> Templates => _catalog.List();

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
    public async Task PrepareAsync(VmSpec spec, CancellationToken cancellationToken)
    {
        using var _ = await LockAsync(spec.Name, cancellationToken).ConfigureAwait(false);
        await _preparer.PrepareAsync(spec, cancellationToken).ConfigureAwait(false);
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
        var prepared = await _preparer.PrepareAsync(spec, cancellationToken).ConfigureAwait(false);
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
        return vm is null ? null : Track(vm);
    }

    /// <summary>ACPI power button every 2 s (a press before the guest is ready is lost), <c>quit</c> after
    /// <see cref="ComputeOptions.ShutdownGrace"/>, SIGKILL 5 s later. Returns when QEMU has exited.</summary>
    public Task ShutdownAsync(RunningVm vm, CancellationToken cancellationToken) => vm.ShutdownAsync(_options.ShutdownGrace, cancellationToken);

    /// <summary>Pulls the plug: <c>quit</c>, SIGKILL if QEMU has not exited within 5 s. Returns when it has.</summary>
    public Task DestroyAsync(RunningVm vm, CancellationToken cancellationToken) => vm.DestroyAsync("quit", cancellationToken);

    public Task PauseAsync(RunningVm vm, CancellationToken cancellationToken) => vm.ExecuteAsync("stop", cancellationToken);

    public Task ResumeAsync(RunningVm vm, CancellationToken cancellationToken) => vm.ExecuteAsync("cont", cancellationToken);

    /// <summary>A hardware reset: the guest reboots at once (user-data does not run again: same instance-id).</summary>
    public Task ResetAsync(RunningVm vm, CancellationToken cancellationToken) => vm.ExecuteAsync("system_reset", cancellationToken);

    /// <summary>Sets the balloon target and waits (at most 10 s) for the guest to reach it.</summary>
    /// <returns>The guest's actual memory in MiB; null when its balloon driver is not loaded yet.</returns>
    public Task<int?> SetBalloonAsync(RunningVm vm, int targetMiB, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetMiB);
        return vm.SetBalloonAsync(targetMiB, cancellationToken);
    }

    /// <summary>Removes <c>DATA_DIR/vms/NAME/</c> and its socket; nothing to do if it is gone.</summary>
    /// <exception cref="InvalidOperationException">Its QEMU is running.</exception>
    public async Task DeleteAsync(string vmName, CancellationToken cancellationToken)
    {
        using var _ = await LockAsync(vmName, cancellationToken).ConfigureAwait(false);
        var paths = _layout.For(vmName);
        if (_running.ContainsKey(vmName) || VmAttacher.LivePid(paths) is not null)
        {
            throw new InvalidOperationException($"VM '{vmName}' is running: stop it before deleting it");
        }
        if (File.Exists(paths.QmpSocket)) File.Delete(paths.QmpSocket);
        if (Directory.Exists(paths.Dir)) Directory.Delete(paths.Dir, recursive: true);
        Log.Deleted(_logger, vmName);
    }

    /// <summary>The guest's serial console, as a file (<c>\r\n</c> line ends; truncated at each start).</summary>
    public string ConsoleLogPath(string vmName) => _layout.For(vmName).ConsoleLog;

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
