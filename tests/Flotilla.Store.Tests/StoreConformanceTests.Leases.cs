namespace Flotilla.Store.Tests;

/// <summary>Leases: keys attached to one are deleted when it ends, by expiry or revoke.</summary>
public abstract partial class StoreConformanceTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_expired_lease_deletes_its_keys_and_a_watcher_sees_it()
    {
        var lease = await Store.GrantLeaseAsync(Ttl, Deadline());
        Assert.NotEqual(0, lease);
        await Store.PutAsync("hosts/a", Bytes("up"), null, lease, Deadline());
        await Store.TxnAsync(new StoreTxn([], [new StoreOp.Put("hosts/b", Bytes("up"), lease), new StoreOp.Put("hosts/c", Bytes("kept"))]), Deadline());
        var listed = await Store.ListAsync("hosts/", Deadline());

        using var stop = new CancellationTokenSource(Patience);
        await using var watch = Store.WatchAsync("hosts/", listed.Revision + 1, stop.Token).GetAsyncEnumerator(stop.Token);
        var first = watch.MoveNextAsync();
        await PassAsync(Ttl);
        Assert.True(await first);
        var a = watch.Current;
        Assert.True(await watch.MoveNextAsync());
        var b = watch.Current;

        Assert.Equal([(StoreEventKind.Delete, "hosts/a"), (StoreEventKind.Delete, "hosts/b")], new[] { (a.Kind, a.Key), (b.Kind, b.Key) });
        Assert.Equal(a.Revision, b.Revision);
        Assert.Equal(["hosts/c"], (await Store.ListAsync("hosts/", Deadline())).Entries.Select(e => e.Key));
        await Assert.ThrowsAsync<StoreLeaseNotFoundException>(() => Store.KeepAliveAsync(lease, Deadline()));
    }

    [Fact]
    public async Task A_read_never_returns_a_key_whose_lease_has_expired()
    {
        var lease = await Store.GrantLeaseAsync(Ttl, Deadline());
        await Store.PutAsync("hosts/a", Bytes("up"), null, lease, Deadline());
        await PassAsync(Ttl - TimeSpan.FromMilliseconds(1));
        Assert.NotNull(await Store.GetAsync("hosts/a", Deadline()));

        await PassAsync(TimeSpan.FromMilliseconds(1));
        Assert.Null(await Store.GetAsync("hosts/a", Deadline()));
        Assert.Empty((await Store.ListAsync("hosts/", Deadline())).Entries);
        var compared = await Store.TxnAsync(new StoreTxn([new StoreCompare("hosts/a", 0)], []), Deadline());
        Assert.True(compared.Succeeded);
    }

    [Fact]
    public async Task Keep_alive_keeps_a_lease_and_its_keys()
    {
        var lease = await Store.GrantLeaseAsync(Ttl, Deadline());
        await Store.PutAsync("hosts/a", Bytes("up"), null, lease, Deadline());
        for (var i = 0; i < 3; i++)
        {
            await PassAsync(Ttl * 0.6);
            await Store.KeepAliveAsync(lease, Deadline());
        }
        Assert.NotNull(await Store.GetAsync("hosts/a", Deadline()));

        await PassAsync(Ttl);
        Assert.Null(await Store.GetAsync("hosts/a", Deadline()));
    }

    [Fact]
    public async Task Revoke_deletes_a_lease_keys_at_one_revision()
    {
        var lease = await Store.GrantLeaseAsync(Ttl, Deadline());
        var other = await Store.GrantLeaseAsync(Ttl * 2, Deadline());
        await Store.PutAsync("vip/a", Bytes("host-1"), null, lease, Deadline());
        await Store.PutAsync("vip/b", Bytes("host-1"), null, lease, Deadline());
        await Store.PutAsync("vip/c", Bytes("host-2"), null, other, Deadline());
        var before = (await Store.ListAsync("", Deadline())).Revision;

        Assert.True(await Store.RevokeLeaseAsync(lease, Deadline()));

        Assert.Equal(["vip/c"], (await Store.ListAsync("vip/", Deadline())).Entries.Select(e => e.Key));
        Assert.Equal(before + 1, (await Store.ListAsync("", Deadline())).Revision);
        Assert.False(await Store.RevokeLeaseAsync(lease, Deadline()));
        await Assert.ThrowsAsync<StoreLeaseNotFoundException>(() => Store.KeepAliveAsync(lease, Deadline()));
        await Store.KeepAliveAsync(other, Deadline());
    }

    [Fact]
    public async Task A_put_with_a_lease_not_held_fails_and_writes_nothing()
    {
        var unknown = await Assert.ThrowsAsync<StoreLeaseNotFoundException>(() => Store.PutAsync("hosts/a", Bytes("up"), null, 987_654, Deadline()));
        Assert.Equal(987_654, unknown.Lease);

        var lease = await Store.GrantLeaseAsync(Ttl, Deadline());
        await PassAsync(Ttl);
        var before = (await Store.ListAsync("", Deadline())).Revision;
        await Assert.ThrowsAsync<StoreLeaseNotFoundException>(() => Store.TxnAsync(new StoreTxn([],
            [new StoreOp.Put("hosts/b", Bytes("plain")), new StoreOp.Put("hosts/c", Bytes("up"), lease)]), Deadline()));
        await Assert.ThrowsAsync<StoreLeaseNotFoundException>(() => Store.KeepAliveAsync(lease, Deadline()));
        Assert.Empty((await Store.ListAsync("hosts/", Deadline())).Entries);
        Assert.Equal(before, (await Store.ListAsync("", Deadline())).Revision);
    }

    [Fact]
    public async Task A_put_without_a_lease_detaches_the_key_from_its_lease()
    {
        var lease = await Store.GrantLeaseAsync(Ttl, Deadline());
        await Store.PutAsync("hosts/a", Bytes("up"), null, lease, Deadline());
        await Store.PutAsync("hosts/a", Bytes("pinned"), null, Deadline());
        Assert.True(await Store.RevokeLeaseAsync(lease, Deadline()));
        Assert.NotNull(await Store.GetAsync("hosts/a", Deadline()));
    }
}
