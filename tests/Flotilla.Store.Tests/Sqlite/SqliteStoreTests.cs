using Flotilla.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Flotilla.Store.Tests.Sqlite;

public sealed class SqliteStoreTests : StoreConformanceTests
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-store-").FullName;
    private string StorePath => Path.Combine(_dir, "state.db");

    protected override async Task<IStore> CreateStoreAsync() => await SqliteStore.OpenAsync(StorePath, CancellationToken.None, timeProvider: Time);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task State_and_revision_survive_reopening_the_file()
    {
        var rev = await Store.PutAsync("vm/web-1", Bytes("spec"), null, CancellationToken.None);
        await Store.DisposeAsync();

        Store = await SqliteStore.OpenAsync(StorePath, CancellationToken.None, timeProvider: Time);
        var entry = await Store.GetAsync("vm/web-1", CancellationToken.None);
        Assert.Equal(rev, entry!.ModRevision);
        Assert.Equal(rev + 1, await Store.PutAsync("vm/web-2", Bytes("spec"), null, CancellationToken.None));
    }

    [Fact]
    public async Task Watching_compacted_history_says_so()
    {
        await Store.DisposeAsync();
        var small = await SqliteStore.OpenAsync(StorePath, CancellationToken.None, historyKept: 100);
        Store = small;
        for (var i = 0; i < 250; i++) await small.PutAsync($"k/{i % 7}", Bytes("v"), null, CancellationToken.None);
        var e = await Assert.ThrowsAsync<StoreCompactedException>(async () =>
        {
            await foreach (var _ in small.WatchAsync("k/", 1, CancellationToken.None)) { }
        });
        Assert.Equal(1, e.Requested);
        Assert.True(e.OldestKept > 100);
        // Recent history is still there.
        await using var recent = small.WatchAsync("k/", 240, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await recent.MoveNextAsync());
        Assert.Equal(240, recent.Current.Revision);
    }

    [Fact]
    public async Task A_file_from_before_transactions_keeps_its_entries_and_history()
    {
        await Store.DisposeAsync();
        var old = Path.Combine(_dir, "v1.db");
        // The version 1 file as flotillad wrote it: user_version 0, log keyed by rev alone.
        await using (var connection = new SqliteConnection($"Data Source={old};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE kv (key TEXT PRIMARY KEY, value BLOB NOT NULL, create_rev INTEGER NOT NULL, mod_rev INTEGER NOT NULL, version INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE log (rev INTEGER PRIMARY KEY, kind INTEGER NOT NULL, key TEXT NOT NULL, value BLOB);
                CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
                INSERT INTO kv VALUES ('vm/a', x'31', 1, 2, 2);
                INSERT INTO log VALUES (1, 0, 'vm/a', x'30'), (2, 0, 'vm/a', x'31'), (3, 1, 'vm/gone', NULL);
                INSERT INTO meta VALUES ('revision', 3);
                """;
            await command.ExecuteNonQueryAsync();
        }

        Store = await SqliteStore.OpenAsync(old, CancellationToken.None, timeProvider: Time);
        Assert.Equal((2L, 2L), ((await Store.GetAsync("vm/a", Deadline()))!.ModRevision, (await Store.GetAsync("vm/a", Deadline()))!.Version));
        var result = await Store.TxnAsync(new StoreTxn([new StoreCompare("vm/a", 2)], [new StoreOp.Put("vm/a", Bytes("2")), new StoreOp.Put("vm/b", Bytes("1"))]), Deadline());
        Assert.Equal(4, result.Revision);

        var events = new List<StoreEvent>();
        await foreach (var e in Store.WatchAsync("", 1, Deadline()))
        {
            events.Add(e);
            if (events.Count == 5) break;
        }
        Assert.Equal([1L, 2, 3, 4, 4], events.Select(e => e.Revision));
        Assert.Equal(["vm/a", "vm/a", "vm/gone", "vm/a", "vm/b"], events.Select(e => e.Key));
    }

    [Fact]
    public async Task Compact_drops_history_before_a_revision_as_etcd_does()
    {
        var store = (SqliteStore)Store;
        var first = await store.PutAsync("k/a", Bytes("1"), null, Deadline());
        var second = await store.PutAsync("k/a", Bytes("2"), null, Deadline());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.CompactAsync(second + 1, Deadline()));

        await store.CompactAsync(second, Deadline());

        var e = await Assert.ThrowsAsync<StoreCompactedException>(async () =>
        {
            await foreach (var _ in store.WatchAsync("k/", first, Deadline())) { }
        });
        Assert.Equal((first, second), (e.Requested, e.OldestKept));
        await using var kept = store.WatchAsync("k/", second, Deadline()).GetAsyncEnumerator();
        Assert.True(await kept.MoveNextAsync());
        Assert.Equal(second, kept.Current.Revision);
    }

    [Fact]
    public async Task A_lease_deadline_holds_across_reopening_the_file()
    {
        var lease = await Store.GrantLeaseAsync(TimeSpan.FromSeconds(10), Deadline());
        await Store.PutAsync("hosts/a", Bytes("up"), null, lease, Deadline());
        await Store.DisposeAsync();
        Time.Advance(TimeSpan.FromSeconds(10));

        Store = await SqliteStore.OpenAsync(StorePath, CancellationToken.None, timeProvider: Time);
        Assert.Null(await Store.GetAsync("hosts/a", Deadline()));
        Assert.False(await Store.RevokeLeaseAsync(lease, Deadline()));
    }

    [Fact]
    public async Task A_lease_longer_than_a_timer_can_wait_still_ends_and_is_seen()
    {
        var lease = await Store.GrantLeaseAsync(TimeSpan.FromDays(100), Deadline());
        await Store.PutAsync("hosts/a", Bytes("up"), null, lease, Deadline());
        var listed = await Store.ListAsync("hosts/", Deadline());
        await using var watch = Store.WatchAsync("hosts/", listed.Revision + 1, Deadline()).GetAsyncEnumerator();
        var next = watch.MoveNextAsync();

        Time.Advance(TimeSpan.FromDays(99));
        Assert.NotNull(await Store.GetAsync("hosts/a", Deadline()));
        Assert.False(next.IsCompleted);
        Time.Advance(TimeSpan.FromDays(1));

        Assert.True(await next);
        Assert.Equal((StoreEventKind.Delete, "hosts/a"), (watch.Current.Kind, watch.Current.Key));
    }
}
