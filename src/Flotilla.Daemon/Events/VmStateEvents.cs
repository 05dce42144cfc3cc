using System.Text.Json;
using Flotilla.Core.Vms;
using Flotilla.Daemon.Api;
using Flotilla.Daemon.Vms;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flotilla.Daemon.Events;

/// <summary>
/// Turns the VM reconciler's status writes into <c>vm.state</c> events: a watch on <c>vms/status/</c> from the
/// revision it first listed, so a state written by any worker (or another daemon on the store) is told once, and a
/// daemon restart tells nothing again.
/// </summary>
internal sealed partial class VmStateEvents(VmRepository vms, EventLog events, ILogger<VmStateEvents> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var listed = await vms.Store.ListAsync(VmRepository.StatusPrefix, stoppingToken).ConfigureAwait(false);
            var states = listed.Entries.ToDictionary(e => e.Key[VmRepository.StatusPrefix.Length..], e => Read(e.Value), StringComparer.Ordinal);
            await foreach (var change in vms.Store.WatchAsync(VmRepository.StatusPrefix, listed.Revision + 1, stoppingToken).ConfigureAwait(false))
            {
                var name = change.Key[VmRepository.StatusPrefix.Length..];
                if (change.Value is null)
                {
                    states.Remove(name);
                    continue;
                }
                var status = Read(change.Value);
                var before = states.GetValueOrDefault(name);
                states[name] = status;
                if (before?.State == status.State) continue;
                var text = before is null ? Name(status.State) : $"{Name(before.State)} -> {Name(status.State)}";
                if (status.Pid is { } pid && status.State == VmState.Running) text += $" (pid {pid})";
                if (status.Message is { Length: > 0 } why) text += $": {why}";
                events.Publish("vm.state", $"vm/{name}", text);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            LogFailed(logger, e);
        }
    }

    private static string Name(VmState state) => JsonNamingPolicy.CamelCase.ConvertName(state.ToString());

    private static VmStatus Read(byte[] value) => JsonSerializer.Deserialize<VmStatus>(value, ApiJson.Options)!;

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "VM state events stopped")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
