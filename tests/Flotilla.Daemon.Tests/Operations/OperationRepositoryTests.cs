using Flotilla.Api.Operations;
using Flotilla.Api.Stacks;
using Flotilla.Daemon.Operations;
using Flotilla.Daemon.Stacks;
using Flotilla.Store.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Flotilla.Daemon.Tests.Operations;

/// <summary>
/// Issue 15 §4 on a real SQLite store: an operation holds its stack from the moment it is stored until it ends (a second
/// apply meanwhile printed "No changes."; it is refused, naming the first), the lock lives in the store (a restarted
/// daemon still holds it), and a watch gets every line: those told before it and those told after, to the last.
/// </summary>
public sealed class OperationRepositoryTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-ops-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 10, 41, 5, TimeSpan.Zero));
    private SqliteStore _store = null!;
    private OperationRepository _operations = null!;

    public async Task InitializeAsync()
    {
        _store = await SqliteStore.OpenAsync(Path.Combine(_dir, "state.db"), CancellationToken.None);
        _operations = new OperationRepository(_store, _time);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private StoredOperation New(string stack, OperationKind kind = OperationKind.Apply) => new()
    {
        View = new OperationView { Id = OperationIds.New(_time.GetUtcNow()), Kind = kind, Stack = stack, Host = "h1", State = OperationState.Running, Created = _time.GetUtcNow(), Attempts = 1 },
        Source = kind == OperationKind.Apply ? new StackSource { FileName = "s.yaml", Yaml = "name: " + stack } : null,
    };

    [Fact]
    public async Task A_second_operation_on_a_busy_stack_is_refused_naming_the_first_and_other_stacks_are_free()
    {
        var first = New("website");
        await _operations.ClaimAsync(first, CancellationToken.None);
        await _operations.ClaimAsync(New("shop", OperationKind.Destroy), CancellationToken.None);

        var busy = await Assert.ThrowsAsync<StackBusyException>(() => _operations.ClaimAsync(New("website", OperationKind.Destroy), CancellationToken.None));

        Assert.Equal($"stack 'website' is busy: an apply of it ({first.Id}) has been running since 10:41:05 UTC; wait for it to finish (flotilla operation watch {first.Id}), then run this again", busy.Message);
        Assert.Equal(first.Id, busy.Holder);
        Assert.Equal(2, (await _operations.ListAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task An_ended_operation_frees_its_stack_and_keeps_how_it_ended_and_where_it_stood()
    {
        var first = New("website");
        await _operations.ClaimAsync(first, CancellationToken.None);
        await _operations.TellAsync(first.Id, new StackStep { Action = "create", Kind = "vm", Name = "web-1", State = "started", Text = "+ vm web-1" }, CancellationToken.None);
        await _operations.TellAsync(first.Id, new StackFailed("no room", null), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(3));
        await _operations.EndAsync(first.Id, OperationState.Failed, "no room", CancellationToken.None);

        await _operations.ClaimAsync(New("website"), CancellationToken.None);
        var ended = (await _operations.GetAsync(first.Id, CancellationToken.None))!.View;
        Assert.Equal(OperationState.Failed, ended.State);
        Assert.Equal("+ vm web-1", ended.Step);
        Assert.Equal("no room", ended.Error);
        Assert.Equal(TimeSpan.FromSeconds(3), ended.Ended - ended.Created);
    }

    [Fact]
    public async Task The_lock_is_in_the_store_so_a_reopened_store_still_refuses_until_the_operation_ends()
    {
        var first = New("website");
        await _operations.ClaimAsync(first, CancellationToken.None);
        await _store.DisposeAsync();
        _store = await SqliteStore.OpenAsync(Path.Combine(_dir, "state.db"), CancellationToken.None);
        _operations = new OperationRepository(_store, _time);

        await Assert.ThrowsAsync<StackBusyException>(() => _operations.ClaimAsync(New("website"), CancellationToken.None));
        await _operations.EndAsync(first.Id, OperationState.Succeeded, null, CancellationToken.None);
        await _operations.ClaimAsync(New("website"), CancellationToken.None);
    }

    [Fact]
    public async Task A_discarded_operation_is_as_if_never_asked()
    {
        var never = New("website");
        await _operations.ClaimAsync(never, CancellationToken.None);

        await _operations.DiscardAsync(never, CancellationToken.None);

        Assert.Null(await _operations.GetAsync(never.Id, CancellationToken.None));
        Assert.Empty(await _operations.ListAsync(CancellationToken.None));
        await _operations.ClaimAsync(New("website"), CancellationToken.None);
    }

    [Fact]
    public async Task A_watch_gets_the_lines_told_before_it_then_each_as_told_and_ends_after_the_last()
    {
        var operation = New("website");
        await _operations.ClaimAsync(operation, CancellationToken.None);
        await _operations.TellAsync(operation.Id, new StackPlanned("+ vm web-1"), CancellationToken.None);
        await _operations.TellAsync(operation.Id, new StackStep { Action = "create", Kind = "vm", Name = "web-1", State = "started" }, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<StackProgress>();
        var firstTwo = new TaskCompletionSource();

        var watch = Task.Run(async () =>
        {
            await foreach (var line in _operations.ProgressAsync(operation.Id, 1, timeout.Token))
            {
                seen.Add(line);
                if (seen.Count == 1) firstTwo.SetResult();
            }
        });
        await firstTwo.Task.WaitAsync(timeout.Token);
        await _operations.TellAsync(operation.Id, new StackStep { Action = "create", Kind = "vm", Name = "web-1", State = "done", Seconds = 1 }, CancellationToken.None);
        await _operations.TellAsync(operation.Id, new StackDone(), CancellationToken.None);
        await _operations.EndAsync(operation.Id, OperationState.Succeeded, null, CancellationToken.None);
        await watch.WaitAsync(timeout.Token);

        Assert.Collection(seen,
            l => Assert.Equal("started", Assert.IsType<StackStep>(l).State),
            l => Assert.Equal("done", Assert.IsType<StackStep>(l).State),
            l => Assert.IsType<StackDone>(l));
        // An ended operation's watch replays it and ends at once.
        var replay = new List<StackProgress>();
        await foreach (var line in _operations.ProgressAsync(operation.Id, 0, timeout.Token)) replay.Add(line);
        Assert.Equal(4, replay.Count);
    }

    [Fact]
    public async Task An_unknown_or_malformed_id_is_not_found()
    {
        Assert.Null(await _operations.GetAsync("op-20261207-104105-0000", CancellationToken.None));
        Assert.Null(await _operations.GetAsync("../vms/spec/x", CancellationToken.None));
        await Assert.ThrowsAsync<OperationNotFoundException>(async () =>
        {
            await foreach (var _ in _operations.ProgressAsync("op-20261207-104105-0000", 0, CancellationToken.None)) { }
        });
    }

    [Fact]
    public async Task Only_the_newest_ended_operations_are_kept()
    {
        for (var i = 0; i < OperationRepository.Kept + 3; i++)
        {
            var operation = New("website");
            await _operations.ClaimAsync(operation, CancellationToken.None);
            await _operations.EndAsync(operation.Id, OperationState.Succeeded, null, CancellationToken.None);
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        var kept = await _operations.ListAsync(CancellationToken.None);
        Assert.Equal(OperationRepository.Kept, kept.Count);
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromSeconds(1), kept[^1].View.Created);
    }
}
