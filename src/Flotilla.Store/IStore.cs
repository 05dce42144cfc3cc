namespace Flotilla.Store;

/// <summary>
/// The one place state lives: keys with values and revisions, as etcd offers them. Every write
/// moves one global revision forward; an entry remembers the revision that created it and the
/// one that last changed it. The embedded SQLite store and the etcd store both implement this
/// and pass the same conformance suite (<c>StoreConformanceTests</c>).
/// </summary>
public interface IStore : IAsyncDisposable
{
    /// <summary><c>sqlite</c> or <c>etcd</c>.</summary>
    string Name { get; }

    /// <summary>The entry under <paramref name="key"/>, or null.</summary>
    Task<StoreEntry?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="value"/> under <paramref name="key"/> and returns the new revision.
    /// With <paramref name="ifModRevision"/>, only when the entry's current mod revision is that
    /// (0: only when the key does not exist) — compare-and-swap.
    /// </summary>
    /// <exception cref="StoreConflictException">The key's revision was not <paramref name="ifModRevision"/>.</exception>
    Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, long? ifModRevision, CancellationToken cancellationToken);

    /// <summary>As the put above, attaching the key to <paramref name="lease"/> (0: none): it is deleted when the lease ends.</summary>
    /// <exception cref="StoreConflictException">The key's revision was not <paramref name="ifModRevision"/>.</exception>
    /// <exception cref="StoreLeaseNotFoundException">The lease expired, was revoked or never existed.</exception>
    Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, long? ifModRevision, long lease, CancellationToken cancellationToken);

    /// <summary>
    /// All or nothing: when every compare holds, applies the ops at one new revision (each key written gets it as its
    /// mod revision; a watcher sees their events with that revision, in op order); otherwise writes nothing and
    /// returns the compared keys' current entries.
    /// </summary>
    /// <exception cref="ArgumentException">A key is written twice, or is empty.</exception>
    /// <exception cref="StoreLeaseNotFoundException">The compares held but a put names a lease that is not held; nothing was written.</exception>
    Task<StoreTxnResult> TxnAsync(StoreTxn txn, CancellationToken cancellationToken);

    /// <summary>
    /// A new lease that ends <paramref name="ttl"/> from now unless kept alive; its id (never 0) goes with puts.
    /// When it ends (expiry or revoke) its keys are deleted, each lease's at one revision, and watchers see Delete events.
    /// </summary>
    Task<long> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Moves the lease's end to its TTL from now.</summary>
    /// <exception cref="StoreLeaseNotFoundException">The lease already expired, was revoked or never existed.</exception>
    Task KeepAliveAsync(long lease, CancellationToken cancellationToken);

    /// <summary>Ends the lease now, deleting its keys; false when it was not held (expired, revoked or unknown).</summary>
    Task<bool> RevokeLeaseAsync(long lease, CancellationToken cancellationToken);

    /// <summary>Deletes the key; returns false when it did not exist.</summary>
    /// <exception cref="StoreConflictException">The key's revision was not <paramref name="ifModRevision"/>.</exception>
    Task<bool> DeleteAsync(string key, long? ifModRevision, CancellationToken cancellationToken);

    /// <summary>Every entry whose key starts with <paramref name="prefix"/>, in key order, and the store's revision they were read at.</summary>
    Task<StoreRange> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>
    /// Changes to keys under <paramref name="prefix"/> from <paramref name="fromRevision"/> on
    /// (inclusive, as etcd's start revision), in revision order, then live ones, until cancelled.
    /// List, then watch from the list's revision + 1, and nothing is missed.
    /// </summary>
    /// <exception cref="StoreCompactedException">History before <paramref name="fromRevision"/> was compacted away.</exception>
    IAsyncEnumerable<StoreEvent> WatchAsync(string prefix, long fromRevision, CancellationToken cancellationToken);
}
