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
