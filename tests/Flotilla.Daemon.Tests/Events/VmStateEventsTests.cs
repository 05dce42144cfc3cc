using Flotilla.Core.Vms;
using Flotilla.Daemon.Events;
using Flotilla.Daemon.Vms;
using Flotilla.Store.Sqlite;
using Flotilla.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flotilla.Daemon.Tests.Events;

/// <summary>
/// <c>vm.state</c> events from status writes, on a real store: what was there at start is not told again, every change
/// of state is told once, a write that keeps the state tells nothing, and the stream goes on after a compaction.
/// </summary>
public sealed class VmStateEventsTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-vmstate-").FullName;
    private readonly CancellationTokenSource _stop = new();
    private SqliteStore? _store;
    private VmRepository _vms = null!;
    private EventLog _events = null!;
    private VmStateEvents _states = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Opens the store (keeping <paramref name="historyKept"/> revisions of history) and starts both services, watching.</summary>
    private async Task StartAsync(long historyKept = SqliteStore.DefaultHistoryKept, Func<Task>? before = null)
    {
        _store = await SqliteStore.OpenAsync(Path.Combine(_dir, "state.db"), CancellationToken.None, historyKept);
        _vms = new VmRepository(_store);
        if (before is not null) await before();
        _events = new EventLog(_store, TimeProvider.System, NullLogger<EventLog>.Instance);
        _states = new VmStateEvents(_vms, _events, TimeProvider.System, NullLogger<VmStateEvents>.Instance);
        await _events.StartAsync(CancellationToken.None);
        await _states.StartAsync(CancellationToken.None);
    }

    /// <summary>
    /// Writes a probe VM's state until it is told: from then on the first list (which tells nothing) is behind us.
    /// The probe is then deleted, and <see cref="ToldAsync"/> leaves it out.
    /// </summary>
    private async Task WatchingAsync()
    {
        await Wait.UntilAsync(async () =>
        {
            await WriteAsync("probe", VmState.Starting);
            await WriteAsync("probe", VmState.Stopped);
            return (await _events.ListAsync(0, _stop.Token)).Any(e => e.Object == "vm/probe");
        }, Patience, "the probe VM's state told");
        await _vms.DeleteAsync("probe", _stop.Token);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_store is not null)
        {
            await _states.StopAsync(CancellationToken.None);
            await _events.StopAsync(CancellationToken.None);
            _states.Dispose();
            _events.Dispose();
            await _store.DisposeAsync();
        }
        _stop.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private Task WriteAsync(string vm, VmState state, int? pid = null, string? message = null) =>
        _vms.WriteStatusAsync(vm, new VmStatus { State = state, Pid = pid, Message = message }, _stop.Token);

    /// <summary>The vm.state events, as "object: text", once there are <paramref name="count"/> of them.</summary>
    private Task<List<string>> ToldAsync(int count) => ToldAsync(told => told.Count == count, $"{count} events");

    /// <summary>The vm.state events, as "object: text", once <paramref name="enough"/> says so.</summary>
    private async Task<List<string>> ToldAsync(Func<List<string>, bool> enough, string what)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(Patience);
        var told = new List<string>();
        try
        {
            await foreach (var e in _events.WatchAsync(0, timeout.Token))
            {
                if (e.Type != "vm.state" || e.Object == "vm/probe") continue;
                told.Add($"{e.Object}: {e.Message}");
                if (enough(told)) break;
            }
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
        {
            Assert.Fail($"not {what} in {Patience}, {told.Count} told: {string.Join(", ", told)}; stored: {string.Join(", ", (await _events.ListAsync(0, CancellationToken.None)).Select(e => e.Object + ": " + e.Message))}");
        }
        return told;
    }

    [Fact]
    public async Task A_restart_tells_nothing_again_and_each_change_of_state_is_told_once()
    {
        await StartAsync(before: () => WriteAsync("web", VmState.Running, pid: 41));
        await WatchingAsync();

        await WriteAsync("web", VmState.Paused);
        await WriteAsync("web", VmState.Paused, message: "same state, new message");
        await WriteAsync("db", VmState.Starting);
        await WriteAsync("db", VmState.Running, pid: 42);
        await _vms.DeleteAsync("db", _stop.Token);
        await WriteAsync("web", VmState.Crashed, message: "QEMU died: killed");

        Assert.Equal(
            ["vm/web: running -> paused", "vm/db: starting", "vm/db: starting -> running (pid 42)", "vm/web: paused -> crashed: QEMU died: killed"],
            await ToldAsync(4));
    }

    [Fact]
    public async Task Writes_faster_than_history_is_kept_are_each_told_once()
    {
        // 10 revisions of history, compacted as it goes: a watch that falls behind lists again instead of ending.
        await StartAsync(historyKept: 10);
        await WatchingAsync();
        await WriteAsync("web", VmState.Starting);
        for (var i = 0; i < 40; i++) await WriteAsync($"vm{i}", VmState.Stopped);
        await WriteAsync("web", VmState.Running, pid: 7);

        // A re-list tells each key's latest value: web's two states may come as one ("running"), never as none.
        var told = await ToldAsync(t => t.Any(e => e.StartsWith("vm/web: ", StringComparison.Ordinal) && e.EndsWith("running (pid 7)", StringComparison.Ordinal)), "web running told");
        Assert.Equal(told.Count, told.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"vm/vm{i}: stopped").Order(), told.Where(t => t.StartsWith("vm/vm", StringComparison.Ordinal)).Order());
        Assert.Subset(new HashSet<string> { "vm/web: starting", "vm/web: starting -> running (pid 7)", "vm/web: running (pid 7)" }, told.Where(t => t.StartsWith("vm/web", StringComparison.Ordinal)).ToHashSet());
    }
}
