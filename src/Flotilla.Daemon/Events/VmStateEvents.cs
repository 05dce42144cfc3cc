using System.Text.Json;
using Flotilla.Core.Vms;
using Flotilla.Daemon.Api;
using Flotilla.Daemon.Vms;
using Flotilla.Store.Informers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flotilla.Daemon.Events;

/// <summary>
/// Turns the VM reconciler's status writes into <c>vm.state</c> events: a <see cref="StoreInformer{T}"/> on
/// <c>vms/status/</c>, so a state written by any worker (or another daemon on the store) is told once, a daemon restart
/// tells nothing again (the first list is what was already there), and a compacted or broken watch lists again and
/// tells only what changed meanwhile.
/// </summary>
internal sealed class VmStateEvents(VmRepository vms, EventLog events, TimeProvider time, ILogger<VmStateEvents> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var informer = new StoreInformer<VmStatus>(vms.Store, VmRepository.StatusPrefix, Read, (change, _) =>
        {
            if (!change.FirstList) Tell(change);
            return ValueTask.CompletedTask;
        }, time, logger);
        try
        {
            await informer.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void Tell(InformerEvent<VmStatus> change)
    {
        (VmStatus? Before, VmStatus? Now) seen = change switch
        {
            InformerEvent<VmStatus>.Added a => (null, a.Value),
            InformerEvent<VmStatus>.Updated u => (u.Old, u.Value),
            _ => (null, null), // a VM undefined: its state events end
        };
        var (before, status) = seen;
        if (status is null || before?.State == status.State) return;
        var name = change.Key[VmRepository.StatusPrefix.Length..];
        var text = before is null ? Name(status.State) : $"{Name(before.State)} -> {Name(status.State)}";
        if (status.Pid is { } pid && status.State == VmState.Running) text += $" (pid {pid})";
        if (status.Message is { Length: > 0 } why) text += $": {why}";
        events.Publish("vm.state", $"vm/{name}", text);
    }

    private static string Name(VmState state) => JsonNamingPolicy.CamelCase.ConvertName(state.ToString());

    private static VmStatus Read(byte[] value) => JsonSerializer.Deserialize<VmStatus>(value, ApiJson.Options)!;
}
