using System.Text;
using System.Threading.Channels;
using Flotilla.Store.Informers;
using Flotilla.Store.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Flotilla.Store.Tests.Informers;

public sealed class StoreInformerTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-informer-").FullName;
    private readonly FakeTimeProvider _time = new();
    private readonly Channel<InformerEvent<string>> _told = Channel.CreateUnbounded<InformerEvent<string>>();
    private readonly CancellationTokenSource _stop = new();
    private SqliteStore _store = null!;

    public async Task InitializeAsync() => _store = await SqliteStore.OpenAsync(Path.Combine(_dir, "state.db"), CancellationToken.None, timeProvider: _time);

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _stop.Dispose();
        await _store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    private Task<long> PutAsync(string key, string value) => _store.PutAsync(key, Bytes(value), null, _stop.Token);

    private (StoreInformer<string> Informer, Task Running) Start(Func<InformerEvent<string>, Task>? before = null, ILogger? logger = null)
    {
        var informer = new StoreInformer<string>(_store, "vm/", Encoding.UTF8.GetString, async (e, ct) =>
        {
            if (before is not null) await before(e);
            await _told.Writer.WriteAsync(e, ct);
        }, _time, logger ?? NullLogger.Instance);
        return (informer, informer.RunAsync(_stop.Token));
    }

    private async Task<List<string>> NextAsync(int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var told = new List<string>();
        while (told.Count < count) told.Add(Describe(await _told.Reader.ReadAsync(timeout.Token)));
        return told;
    }

    private static string Describe(InformerEvent<string> e) => e switch
    {
        InformerEvent<string>.Added a => $"added {a.Key}={a.Value}",
        InformerEvent<string>.Updated u => $"updated {u.Key} {u.Old}->{u.Value}",
        InformerEvent<string>.Deleted d => $"deleted {d.Key} (was {d.Last})",
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };

    [Fact]
    public async Task It_lists_then_follows_changes_as_typed_events()
    {
        await PutAsync("vm/a", "1");
        await PutAsync("net/x", "other prefix");
        var (informer, _) = Start();
        Assert.Equal(["added vm/a=1"], await NextAsync(1));
        await informer.Synced.WaitAsync(Patience);

        var written = await PutAsync("vm/a", "2");
        await _store.TxnAsync(new StoreTxn([], [new StoreOp.Put("vm/b", Bytes("1")), new StoreOp.Delete("vm/a")]), _stop.Token);
        await _store.DeleteAsync("vm/none", null, _stop.Token);

        Assert.Equal(["updated vm/a 1->2", "added vm/b=1", "deleted vm/a (was 2)"], await NextAsync(3));
        Assert.False(_told.Reader.TryRead(out _));
        Assert.True(written > 0);
    }

    [Fact]
    public async Task What_the_first_list_tells_is_marked_as_such_and_later_changes_are_not()
    {
        await PutAsync("vm/a", "1");
        var (informer, _) = Start();
        using var timeout = new CancellationTokenSource(Patience);
        Assert.True((await _told.Reader.ReadAsync(timeout.Token)).FirstList);
        await informer.Synced.WaitAsync(Patience);

        await PutAsync("vm/a", "2");
        await PutAsync("vm/b", "1");
        Assert.False((await _told.Reader.ReadAsync(timeout.Token)).FirstList);
        Assert.False((await _told.Reader.ReadAsync(timeout.Token)).FirstList);
    }

    [Fact]
    public async Task After_compaction_mid_watch_it_lists_again_and_tells_exactly_the_changes()
    {
        await PutAsync("vm/a", "1");
        await PutAsync("vm/b", "1");
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The handler holds the watch on vm/t's event while the test changes keys and compacts their history away.
        var (informer, running) = Start(async e =>
        {
            if (e.Key != "vm/t") return;
            holding.TrySetResult();
            await held.Task.WaitAsync(Patience);
        });
        Assert.Equal(["added vm/a=1", "added vm/b=1"], await NextAsync(2));
        await informer.Synced.WaitAsync(Patience);

        await PutAsync("vm/t", "1");
        await holding.Task.WaitAsync(Patience);
        await PutAsync("vm/a", "2");
        await _store.DeleteAsync("vm/b", null, _stop.Token);
        await PutAsync("vm/c", "1");
        await PutAsync("vm/c", "2");
        var now = await PutAsync("net/x", "1");
        await _store.CompactAsync(now, _stop.Token);
        held.SetResult();

        Assert.Equal(["added vm/t=1", "updated vm/a 1->2", "added vm/c=2", "deleted vm/b (was 1)"], await NextAsync(4));
        // It follows live changes again from the re-list's revision on.
        await PutAsync("vm/d", "1");
        Assert.Equal(["added vm/d=1"], await NextAsync(1));
        Assert.False(_told.Reader.TryRead(out _));
        Assert.False(running.IsCompleted);
    }

    [Fact]
    public async Task A_broken_watch_backs_off_lists_again_and_tells_the_change_again()
    {
        await PutAsync("vm/a", "1");
        var broke = new BrokenWatchLogger();
        var failed = 0;
        // The handler fails on vm/a's update once: the watch breaks there, the map keeps the old value.
        var (informer, _) = Start(e => e is InformerEvent<string>.Updated && Interlocked.Increment(ref failed) == 1
            ? throw new IOException("handler failed")
            : Task.CompletedTask, broke);
        Assert.Equal(["added vm/a=1"], await NextAsync(1));
        await informer.Synced.WaitAsync(Patience);

        await PutAsync("vm/a", "2");
        await broke.Seen.Task.WaitAsync(Patience);
        await _store.DeleteAsync("vm/a", null, _stop.Token);
        await PutAsync("vm/b", "1");
        Assert.False(_told.Reader.TryRead(out _));
        _time.Advance(TimeSpan.FromMilliseconds(200));

        // Listed again: vm/a is gone (its failed update is never told as such), vm/b is new.
        Assert.Equal(["added vm/b=1", "deleted vm/a (was 1)"], await NextAsync(2));
        Assert.Equal(1, failed);
    }

    /// <summary>Tells when the informer logged a broken watch (event 9102).</summary>
    private sealed class BrokenWatchLogger : ILogger
    {
        public TaskCompletionSource Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 9102) Seen.TrySetResult();
        }
    }

    [Fact]
    public async Task It_stops_when_cancelled()
    {
        var (_, running) = Start();
        await _stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(Patience));
    }

    [Fact]
    public void Back_off_doubles_up_to_its_limit()
    {
        Assert.Equal(
            [TimeSpan.Zero, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(10)],
            new[] { 0, 1, 2, 3, 40 }.Select(InformerBackoff.Delay));
    }
}
