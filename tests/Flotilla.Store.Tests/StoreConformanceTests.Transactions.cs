using System.Text;

namespace Flotilla.Store.Tests;

/// <summary>Transactions: compares, then every op at one revision, or nothing.</summary>
public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task A_txn_whose_compares_hold_writes_every_op_at_one_revision()
    {
        var a = await Store.PutAsync("vm/a", Bytes("1"), null, Deadline());
        await Store.PutAsync("vm/c", Bytes("1"), null, Deadline());

        var result = await Store.TxnAsync(new StoreTxn(
            [new StoreCompare("vm/a", a), new StoreCompare("vm/b", 0)],
            [new StoreOp.Put("vm/a", Bytes("2")), new StoreOp.Put("vm/b", Bytes("1")), new StoreOp.Delete("vm/c")]), Deadline());

        Assert.True(result.Succeeded);
        Assert.Empty(result.Current);
        var entryA = (await Store.GetAsync("vm/a", Deadline()))!;
        var entryB = (await Store.GetAsync("vm/b", Deadline()))!;
        Assert.Equal((result.Revision, result.Revision), (entryA.ModRevision, entryB.ModRevision));
        Assert.Equal(("2", 2L), (Encoding.UTF8.GetString(entryA.Value), entryA.Version));
        Assert.Null(await Store.GetAsync("vm/c", Deadline()));
        // One revision for the whole transaction, not one per op.
        Assert.Equal(a + 2, result.Revision);
        Assert.Equal(result.Revision, (await Store.ListAsync("", Deadline())).Revision);
    }

    [Fact]
    public async Task A_txn_whose_compare_fails_writes_nothing_and_returns_the_compared_entries()
    {
        var a = await Store.PutAsync("vm/a", Bytes("1"), null, Deadline());
        var b = await Store.PutAsync("vm/b", Bytes("1"), null, Deadline());

        var result = await Store.TxnAsync(new StoreTxn(
            [new StoreCompare("vm/a", a), new StoreCompare("vm/b", 0), new StoreCompare("vm/none", 0)],
            [new StoreOp.Put("vm/a", Bytes("2")), new StoreOp.Put("vm/x", Bytes("1"))]), Deadline());

        Assert.False(result.Succeeded);
        Assert.Equal(b, result.Revision);
        Assert.Equal(b, (await Store.ListAsync("", Deadline())).Revision);
        Assert.Equal("1", Encoding.UTF8.GetString((await Store.GetAsync("vm/a", Deadline()))!.Value));
        Assert.Null(await Store.GetAsync("vm/x", Deadline()));
        // What a compare-and-swap loop needs to try again without reading.
        Assert.Equal(["vm/a", "vm/b"], result.Current.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((a, b, 0L), (result.ModRevisionOf("vm/a"), result.ModRevisionOf("vm/b"), result.ModRevisionOf("vm/none")));
        Assert.Equal("1", Encoding.UTF8.GetString(result.Current["vm/b"].Value));
    }

    [Fact]
    public async Task A_watch_sees_a_txn_events_at_its_revision_in_op_order()
    {
        await Store.PutAsync("vm/a", Bytes("1"), null, Deadline());
        var listed = await Store.ListAsync("vm/", Deadline());
        var result = await Store.TxnAsync(new StoreTxn([],
            [new StoreOp.Put("vm/z", Bytes("1")), new StoreOp.Delete("vm/a"), new StoreOp.Put("net/n", Bytes("1")), new StoreOp.Put("vm/b", Bytes("2"))]), Deadline());
        var after = await Store.PutAsync("vm/c", Bytes("3"), null, Deadline());

        using var stop = new CancellationTokenSource(Patience);
        var events = new List<StoreEvent>();
        await foreach (var e in Store.WatchAsync("vm/", listed.Revision + 1, stop.Token))
        {
            events.Add(e);
            if (events.Count == 4) break;
        }

        Assert.Equal(["vm/z", "vm/a", "vm/b", "vm/c"], events.Select(e => e.Key));
        Assert.Equal([StoreEventKind.Put, StoreEventKind.Delete, StoreEventKind.Put, StoreEventKind.Put], events.Select(e => e.Kind));
        Assert.Equal([result.Revision, result.Revision, result.Revision, after], events.Select(e => e.Revision));
    }

    [Fact]
    public async Task A_txn_that_writes_a_key_twice_is_refused_and_writes_nothing()
    {
        var before = (await Store.ListAsync("", Deadline())).Revision;
        await Assert.ThrowsAsync<ArgumentException>(() => Store.TxnAsync(new StoreTxn([],
            [new StoreOp.Put("vm/a", Bytes("1")), new StoreOp.Put("vm/b", Bytes("1")), new StoreOp.Delete("vm/a")]), Deadline()));
        Assert.Null(await Store.GetAsync("vm/b", Deadline()));
        Assert.Equal(before, (await Store.ListAsync("", Deadline())).Revision);
    }

    [Fact]
    public async Task Concurrent_txn_compare_and_swap_loops_lose_no_update()
    {
        await Store.PutAsync("counter/a", Bytes("0"), null, Deadline());
        await Store.PutAsync("counter/b", Bytes("0"), null, Deadline());
        var start = await Store.ListAsync("counter/", Deadline());
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var (a, b) = (start.Entries[0], start.Entries[1]);
            while (true)
            {
                // Moves one from a to b: both keys change together or not at all.
                var result = await Store.TxnAsync(new StoreTxn(
                    [new StoreCompare(a.Key, a.ModRevision), new StoreCompare(b.Key, b.ModRevision)],
                    [new StoreOp.Put(a.Key, Bytes((Number(a) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))),
                     new StoreOp.Put(b.Key, Bytes((Number(b) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)))]), Deadline());
                if (result.Succeeded) return;
                (a, b) = (result.Current[a.Key], result.Current[b.Key]);
            }
        })));
        var end = await Store.ListAsync("counter/", Deadline());
        Assert.Equal((-8, 8), (Number(end.Entries[0]), Number(end.Entries[1])));
    }

    private static int Number(StoreEntry entry) => int.Parse(Encoding.UTF8.GetString(entry.Value), System.Globalization.CultureInfo.InvariantCulture);
}
