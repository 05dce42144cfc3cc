using System.Collections.Concurrent;

namespace Flotilla.Compute.Vms;

/// <summary>
/// What the parts of a host's compute share about its VMs: one lock per VM name (every operation on a VM's directory or
/// QEMU holds it, so a snapshot cannot race a start, nor a template a clone) and the QEMUs this process holds. A VM
/// whose QEMU exits drops out by itself.
/// </summary>
internal sealed class VmTable(VmLayout layout, VmAttacher attacher) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RunningVm> _running = new(StringComparer.Ordinal);

    public VmLayout Layout => layout;

    public async Task<IDisposable> LockAsync(string vmName, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(vmName, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Release(gate);
    }

    public bool TryGetHeld(string vmName, out RunningVm vm) => _running.TryGetValue(vmName, out vm!);

    /// <summary>A QEMU runs for the VM: one this process holds, or one found by its pid file (another daemon's, or ours before re-attach).</summary>
    public bool IsRunning(string vmName) => _running.ContainsKey(vmName) || VmAttacher.LivePid(layout.For(vmName)) is not null;

    /// <summary>
    /// The VM's QEMU while it runs: the handle held, else (a daemon that has just restarted, before its worker
    /// re-attached) one attached now, which the worker's own attach then gets. Null when no QEMU runs on the disk.
    /// </summary>
    public async Task<RunningVm?> LiveAsync(VmPaths paths, CancellationToken cancellationToken)
    {
        if (_running.TryGetValue(paths.Name, out var held) && !held.Exited.IsCompleted) return held;
        if (VmAttacher.LivePid(paths) is null) return null;
        var attached = await attacher.TryAttachAsync(paths, cancellationToken).ConfigureAwait(false);
        return attached is null ? null : Track(attached);
    }

    public RunningVm Track(RunningVm vm)
    {
        _running[vm.Name] = vm;
        _ = vm.Exited.ContinueWith(_ => _running.TryRemove(new KeyValuePair<string, RunningVm>(vm.Name, vm)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return vm;
    }

    /// <summary>Lets go of every VM (closes QMP, stops watching); their QEMUs keep running.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var vm in _running.Values) await vm.DisposeAsync().ConfigureAwait(false);
        _running.Clear();
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
