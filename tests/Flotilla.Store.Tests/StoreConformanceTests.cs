using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Flotilla.Store.Tests;

/// <summary>
/// What every <see cref="IStore"/> must do, written against the interface only: the SQLite store
/// runs it now, the etcd store will run the same class.
/// </summary>
public abstract partial class StoreConformanceTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    protected IStore Store { get; set; } = null!;

    /// <summary>The store's clock: leases end by it.</summary>
    protected FakeTimeProvider Time { get; } = new();

    protected abstract Task<IStore> CreateStoreAsync();

    /// <summary>Lets <paramref name="duration"/> pass for the store's leases (a store on a real clock waits instead).</summary>
    protected virtual Task PassAsync(TimeSpan duration)
    {
        Time.Advance(duration);
        return Task.CompletedTask;
    }

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual async Task DisposeAsync() => await Store.DisposeAsync();

    protected static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    protected static CancellationToken Deadline() => new CancellationTokenSource(Patience).Token;

    [Fact]
    public async Task A_put_creates_then_updates_an_entry_with_its_revisions()
    {
        var created = await Store.PutAsync("vm/web-1", Bytes("a"), null, Deadline());
        var updated = await Store.PutAsync("vm/web-1", Bytes("b"), null, Deadline());
        var entry = await Store.GetAsync("vm/web-1", Deadline());

        Assert.NotNull(entry);
        Assert.Equal("b", Encoding.UTF8.GetString(entry.Value));
        Assert.Equal(created, entry.CreateRevision);
        Assert.Equal(updated, entry.ModRevision);
        Assert.Equal(2, entry.Version);
        Assert.True(updated > created);
        Assert.Null(await Store.GetAsync("vm/missing", Deadline()));
    }

    [Fact]
    public async Task Every_write_moves_one_global_revision()
    {
        var a = await Store.PutAsync("x/a", Bytes("1"), null, Deadline());
        var b = await Store.PutAsync("y/b", Bytes("2"), null, Deadline());
        await Store.DeleteAsync("x/a", null, Deadline());
        var c = await Store.PutAsync("z/c", Bytes("3"), null, Deadline());
        Assert.Equal(a + 1, b);
        Assert.Equal(b + 2, c);
        Assert.Equal(c, (await Store.ListAsync("", Deadline())).Revision);
    }

    [Fact]
    public async Task Put_if_revision_is_compare_and_swap()
    {
        var first = await Store.PutAsync("lease/lb", Bytes("host-a"), ifModRevision: 0, Deadline());
        var taken = await Assert.ThrowsAsync<StoreConflictException>(() => Store.PutAsync("lease/lb", Bytes("host-b"), ifModRevision: 0, Deadline()));
        Assert.Equal(first, taken.Actual);

        var second = await Store.PutAsync("lease/lb", Bytes("host-c"), ifModRevision: first, Deadline());
        var stale = await Assert.ThrowsAsync<StoreConflictException>(() => Store.PutAsync("lease/lb", Bytes("host-d"), ifModRevision: first, Deadline()));
        Assert.Equal((first, second), (stale.Expected, stale.Actual));
        Assert.Equal("host-c", Encoding.UTF8.GetString((await Store.GetAsync("lease/lb", Deadline()))!.Value));
    }

    [Fact]
    public async Task Delete_removes_once_and_honours_the_revision()
    {
        var rev = await Store.PutAsync("vm/a", Bytes("1"), null, Deadline());
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.DeleteAsync("vm/a", rev + 100, Deadline()));
        Assert.True(await Store.DeleteAsync("vm/a", rev, Deadline()));
        Assert.False(await Store.DeleteAsync("vm/a", null, Deadline()));
        Assert.Null(await Store.GetAsync("vm/a", Deadline()));

        var again = await Store.PutAsync("vm/a", Bytes("2"), ifModRevision: 0, Deadline());
        var entry = (await Store.GetAsync("vm/a", Deadline()))!;
        Assert.Equal((again, 1L), (entry.CreateRevision, entry.Version));
    }

    [Fact]
    public async Task List_returns_a_prefix_in_key_order_and_nothing_else()
    {
        foreach (var key in new[] { "vm/c", "vm/a", "vmx/z", "net/a", "vm/b" }) await Store.PutAsync(key, Bytes(key), null, Deadline());
        var range = await Store.ListAsync("vm/", Deadline());
        Assert.Equal(["vm/a", "vm/b", "vm/c"], range.Entries.Select(e => e.Key));
        Assert.Equal("vm/b", Encoding.UTF8.GetString(range.Entries[1].Value));
        Assert.Equal(5, (await Store.ListAsync("", Deadline())).Entries.Count);
        Assert.Empty((await Store.ListAsync("nothing/", Deadline())).Entries);
    }

    [Fact]
    public async Task Watch_from_a_revision_replays_history_in_order_then_follows_live_changes()
    {
        await Store.PutAsync("vm/old", Bytes("0"), null, Deadline());
        var listed = await Store.ListAsync("vm/", Deadline());
        var p1 = await Store.PutAsync("vm/a", Bytes("1"), null, Deadline());
        await Store.PutAsync("net/x", Bytes("other prefix"), null, Deadline());
        var d1 = await Store.DeleteAsync("vm/old", null, Deadline());
        Assert.True(d1);

        using var stop = new CancellationTokenSource(Patience);
        var events = new List<StoreEvent>();
        await using var watch = Store.WatchAsync("vm/", listed.Revision + 1, stop.Token).GetAsyncEnumerator(stop.Token);
        for (var i = 0; i < 2; i++)
        {
            Assert.True(await watch.MoveNextAsync());
            events.Add(watch.Current);
        }
        var live = Store.PutAsync("vm/b", Bytes("2"), null, Deadline());
        Assert.True(await watch.MoveNextAsync());
        events.Add(watch.Current);
        var p2 = await live;

        Assert.Equal([StoreEventKind.Put, StoreEventKind.Delete, StoreEventKind.Put], events.Select(e => e.Kind));
        Assert.Equal(["vm/a", "vm/old", "vm/b"], events.Select(e => e.Key));
        Assert.Equal(p1, events[0].Revision);
        Assert.Equal(p2, events[2].Revision);
        Assert.Equal("1", Encoding.UTF8.GetString(events[0].Value!));
        Assert.Null(events[1].Value);
        Assert.True(events[0].Revision < events[1].Revision && events[1].Revision < events[2].Revision);
    }

    [Fact]
    public async Task A_watch_stops_when_cancelled()
    {
        using var stop = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            await foreach (var _ in Store.WatchAsync("quiet/", 1, stop.Token))
            {
            }
        });
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching.WaitAsync(Patience));
    }

    [Fact]
    public async Task Concurrent_compare_and_swap_loses_no_update()
    {
        await Store.PutAsync("counter", Bytes("0"), ifModRevision: 0, Deadline());
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var entry = (await Store.GetAsync("counter", Deadline()))!;
                var next = int.Parse(Encoding.UTF8.GetString(entry.Value), System.Globalization.CultureInfo.InvariantCulture) + 1;
                try
                {
                    await Store.PutAsync("counter", Bytes(next.ToString(System.Globalization.CultureInfo.InvariantCulture)), entry.ModRevision, Deadline());
                    return;
                }
                catch (StoreConflictException)
                {
                    // Someone else won this round; read again.
                }
            }
        })));
        Assert.Equal("16", Encoding.UTF8.GetString((await Store.GetAsync("counter", Deadline()))!.Value));
    }
}
