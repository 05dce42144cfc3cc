using Flotilla.Store.Sqlite;

namespace Flotilla.Store.Tests.Sqlite;

public sealed class SqliteStoreTests : StoreConformanceTests
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-store-").FullName;
    private string StorePath => Path.Combine(_dir, "state.db");

    protected override async Task<IStore> CreateStoreAsync() => await SqliteStore.OpenAsync(StorePath, CancellationToken.None);

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

        Store = await SqliteStore.OpenAsync(StorePath, CancellationToken.None);
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
}
