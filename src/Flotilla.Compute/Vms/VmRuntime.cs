using Flotilla.Compute.Networking;
using Flotilla.Compute.Pools;
using Flotilla.Compute.Qemu;
using Flotilla.Compute.Qemu.Qmp.Commands;
using Flotilla.Core.Vms;
using Microsoft.Extensions.Logging;

namespace Flotilla.Compute.Vms;

/// <summary>
/// A host's VMs as directories (disk, seed) and QEMU processes: prepare, start, re-attach, stop, pause, resume, reset,
/// balloon, clone, delete. VMs outlive this object and the daemon: disposing the host lets go of them, and a new
/// instance finds them again with <see cref="TryAttachAsync"/>. Operations on one VM name are serialised
/// (<see cref="VmTable"/>, shared with snapshots and templates).
/// </summary>
public sealed partial class VmRuntime
{
    private readonly ComputeOptions _options;
    private readonly ILogger _logger;
    private readonly VmTable _table;
    private readonly VmPreparer _preparer;
    private readonly VmStarter _starter;
    private readonly VmAttacher _attacher;
    private readonly HostNetworks _networks;

    internal VmRuntime(ComputeOptions options, VmTable table, VmPreparer preparer, VmStarter starter, VmAttacher attacher, HostNetworks networks, ILogger logger)
    {
        _options = options;
        _table = table;
        _preparer = preparer;
        _starter = starter;
        _attacher = attacher;
        _networks = networks;
        _logger = logger;
    }

    private VmLayout Layout => _table.Layout;

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
        using var _ = await _table.LockAsync(spec.Name, cancellationToken).ConfigureAwait(false);
        await _preparer.PrepareAsync(spec, placement, cancellationToken).ConfigureAwait(false);
        Log.Prepared(_logger, spec.Name, spec.Template, spec.FullClone);
    }

    /// <summary>Prepares (idempotently) and launches the VM's QEMU; returns once QMP is up (the guest is booting).</summary>
    /// <param name="accel"><c>kvm</c> or <c>tcg</c>, from <see cref="Accel.HostAccel.ProbeAsync"/>.</param>
    /// <exception cref="PortInUseException">A forward's host port is taken.</exception>
    /// <exception cref="VmStartException">QEMU exited at start, or opened no QMP socket.</exception>
    /// <exception cref="InvalidOperationException">Its QEMU is running already.</exception>
    public async Task<RunningVm> StartAsync(VmSpec spec, string accel, CancellationToken cancellationToken)
    {
        using var _ = await _table.LockAsync(spec.Name, cancellationToken).ConfigureAwait(false);
        if (_table.IsRunning(spec.Name)) throw new InvalidOperationException($"VM '{spec.Name}' is running already");
        var prepared = await _preparer.PrepareAsync(spec, null, cancellationToken).ConfigureAwait(false);
        return _table.Track(await _starter.StartAsync(prepared, spec, accel, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// After a daemon restart: the handle of the VM's running QEMU (checked by pid file and command line, then QMP),
    /// or null when none runs, in which case its stale pid and socket files are removed. A VM this instance already
    /// holds is returned as is.
    /// </summary>
    /// <exception cref="Qemu.Qmp.QmpException">QEMU runs but its QMP does not answer (another daemon holds it?).</exception>
    public async Task<RunningVm?> TryAttachAsync(VmSpec spec, CancellationToken cancellationToken)
    {
        using var _ = await _table.LockAsync(spec.Name, cancellationToken).ConfigureAwait(false);
        if (_table.TryGetHeld(spec.Name, out var held)) return held;
        var vm = await _attacher.TryAttachAsync(Layout.For(spec.Name), cancellationToken).ConfigureAwait(false);
        if (vm is null) return null;
        // A daemon that died between QEMU's start and the taps' attachment left them on the host: finish the job.
        for (var i = 0; i < spec.Nics.Count && HostNetworks.Available; i++)
        {
            try
            {
                await _networks.AttachTapAsync(_networks.Names.Tap(spec.Name, i), spec.Nics[i].Network, cancellationToken).ConfigureAwait(false);
            }
            catch (NetworkSetupException e)
            {
                Log.TapLost(_logger, spec.Name, i, e.Message);
            }
        }
        return _table.Track(vm);
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
        using var first = await _table.LockAsync(names[0], cancellationToken).ConfigureAwait(false);
        using var second = await _table.LockAsync(names[1], cancellationToken).ConfigureAwait(false);
        if (_table.IsRunning(source.Name)) throw new InvalidOperationException($"VM '{source.Name}' is running: stop it before cloning it");
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

    /// <summary>Removes <c>DATA_DIR/vms/NAME/</c>, its disk in a pool (no orphan volume) and its socket; nothing to do if it is gone.</summary>
    /// <exception cref="InvalidOperationException">Its QEMU is running.</exception>
    public async Task DeleteAsync(string vmName, CancellationToken cancellationToken)
    {
        using var _ = await _table.LockAsync(vmName, cancellationToken).ConfigureAwait(false);
        var paths = Layout.For(vmName);
        if (_table.IsRunning(vmName)) throw new InvalidOperationException($"VM '{vmName}' is running: stop it before deleting it");
        // The socket may live outside the VM dir (short-path fallback); neither may exist (never started).
        if (File.Exists(paths.QmpSocket)) File.Delete(paths.QmpSocket);
        if (!Directory.Exists(paths.Dir)) return;
        // The pool's file first: once the link is gone, nothing would say where it is.
        if (VolumeLink.Target(paths.Disk) is { } volume) File.Delete(volume);
        Directory.Delete(paths.Dir, recursive: true);
        Log.Deleted(_logger, vmName);
    }

    /// <summary>The guest's serial console, as a file (<c>\r\n</c> line ends; truncated at each start).</summary>
    public string ConsoleLogPath(string vmName) => Layout.For(vmName).ConsoleLog;
}
