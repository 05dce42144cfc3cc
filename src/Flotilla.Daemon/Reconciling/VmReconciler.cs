using System.Collections.Concurrent;
using Flotilla.Compute;
using Flotilla.Core.Vms;
using Flotilla.Daemon.Vms;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flotilla.Daemon.Reconciling;

/// <summary>
/// The host's VM reconciler: one <see cref="VmWorker"/> per VM, woken by every change to that
/// VM's spec in the store (a watch from the listed revision on, so nothing is missed) and by its
/// QEMU exiting. It runs only the VMs whose spec names this host (<see cref="VmSpec.RunsOn"/>). On start it adopts the VMs that kept running while the daemon was away and starts
/// those marked autostart.
/// </summary>
internal sealed class VmReconciler(VmRepository vms, HostCompute compute, DaemonState state, TimeProvider time, ILogger<VmReconciler> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, VmWorker> _workers = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var context = new ReconcilerContext(state.HostName, (await state.AccelAsync(stoppingToken).ConfigureAwait(false)).Accel);
        var listed = await vms.Store.ListAsync(VmRepository.SpecPrefix, stoppingToken).ConfigureAwait(false);
        foreach (var view in await vms.ListAsync(stoppingToken).ConfigureAwait(false))
        {
            // Another host's VM (a shared store): its own daemon runs it.
            if (!view.Spec.RunsOn(state.HostName)) continue;
            if (view.Spec.Autostart && view.Spec.Power == PowerState.Stopped && view.Status.State == VmState.Stopped)
            {
                await vms.UpdateSpecAsync(view.Name, v => v.Spec with { Power = PowerState.Running, ForceStop = false }, stoppingToken).ConfigureAwait(false);
            }
            Wake(view.Name, context);
        }
        try
        {
            await foreach (var change in vms.Store.WatchAsync(VmRepository.SpecPrefix, listed.Revision + 1, stoppingToken).ConfigureAwait(false))
            {
                var name = change.Key[VmRepository.SpecPrefix.Length..];
                // A deleted spec still wakes its worker, which then ends; another host's VM wakes nothing here.
                if (await vms.GetAsync(name, stoppingToken).ConfigureAwait(false) is { } view && !view.Spec.RunsOn(state.HostName)) continue;
                Wake(name, context);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; workers are disposed below and QEMUs keep running.
        }
    }

    private void Wake(string name, ReconcilerContext context)
    {
        while (true)
        {
            var worker = _workers.GetOrAdd(name, n => StartWorker(n, context));
            if (!worker.Completion.IsCompleted)
            {
                worker.Signal();
                return;
            }
            // The worker ended (its VM went away); a VM of the same name may be new.
            _workers.TryRemove(new KeyValuePair<string, VmWorker>(name, worker));
        }
    }

    private VmWorker StartWorker(string name, ReconcilerContext context)
    {
        var worker = new VmWorker(name, vms, compute, context, time, logger);
        _ = worker.Completion.ContinueWith(_ => _workers.TryRemove(new KeyValuePair<string, VmWorker>(name, worker)), TaskScheduler.Default);
        return worker;
    }

    /// <summary>Stops reconciling one VM (before it is undefined), waiting for the worker's current step.</summary>
    public async Task ForgetAsync(string name)
    {
        if (_workers.TryRemove(name, out var worker)) await worker.DisposeAsync().ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        foreach (var worker in _workers.Values) await worker.DisposeAsync().ConfigureAwait(false);
        _workers.Clear();
    }
}
