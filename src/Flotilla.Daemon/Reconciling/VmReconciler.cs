using System.Collections.Concurrent;
using System.Text.Json;
using Flotilla.Compute;
using Flotilla.Core.Vms;
using Flotilla.Daemon.Api;
using Flotilla.Daemon.Vms;
using Flotilla.Store.Informers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flotilla.Daemon.Reconciling;

/// <summary>
/// The host's VM reconciler: one <see cref="VmWorker"/> per VM, woken by every change to that VM's spec in the store
/// (a <see cref="StoreInformer{T}"/>, so a compacted or broken watch lists again instead of ending) and by its QEMU
/// exiting. It runs only the VMs whose spec names this host (<see cref="VmSpec.RunsOn"/>). On start it adopts the VMs
/// that kept running while the daemon was away and starts those marked autostart.
/// </summary>
internal sealed class VmReconciler(VmRepository vms, HostCompute compute, DaemonState state, TimeProvider time, ILogger<VmReconciler> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, VmWorker> _workers = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var context = new ReconcilerContext(state.HostName, (await state.AccelAsync(stoppingToken).ConfigureAwait(false)).Accel);
        var informer = new StoreInformer<VmSpec>(
            vms.Store, VmRepository.SpecPrefix, value => JsonSerializer.Deserialize<VmSpec>(value, ApiJson.Options)!,
            (change, ct) => OnChangeAsync(change, context, ct), time, logger);
        try
        {
            await informer.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; workers are disposed below and QEMUs keep running.
        }
    }

    /// <summary>
    /// A spec added, changed or deleted. A deleted spec still wakes its worker, which then ends; another host's VM
    /// (a shared store: its own daemon runs it) wakes nothing here. The first list is the daemon starting up: a VM
    /// marked autostart that is stopped is wished running.
    /// </summary>
    private async ValueTask OnChangeAsync(InformerEvent<VmSpec> change, ReconcilerContext context, CancellationToken ct)
    {
        var spec = change switch
        {
            InformerEvent<VmSpec>.Added a => a.Value,
            InformerEvent<VmSpec>.Updated u => u.Value,
            InformerEvent<VmSpec>.Deleted d => d.Last,
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };
        if (!spec.RunsOn(state.HostName)) return;
        var name = change.Key[VmRepository.SpecPrefix.Length..];
        if (change.FirstList && spec is { Autostart: true, Power: PowerState.Stopped }
            && await vms.GetAsync(name, ct).ConfigureAwait(false) is { Status.State: VmState.Stopped })
        {
            await vms.UpdateSpecAsync(name, v => v.Spec with { Power = PowerState.Running, ForceStop = false }, ct).ConfigureAwait(false);
        }
        Wake(name, context);
    }

    /// <summary>
    /// The network <paramref name="network"/> was rebuilt and the taps of VM <paramref name="name"/> on it died with the
    /// old namespace: its worker decides what that means (<see cref="VmPlanner"/>). A VM without a worker here is not
    /// running on this host and has nothing to lose.
    /// </summary>
    public void TapsLost(string name, string network)
    {
        if (_workers.TryGetValue(name, out var worker)) worker.TapsLost(network);
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
