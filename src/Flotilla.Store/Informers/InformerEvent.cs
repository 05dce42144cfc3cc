namespace Flotilla.Store.Informers;

/// <summary>
/// A change a <see cref="StoreInformer{T}"/> tells its handler, with the decoded values. <see cref="Revision"/> is
/// the entry's mod revision (for a delete: the revision it was seen gone at). Closed: Added, Updated, Deleted.
/// </summary>
public abstract record InformerEvent<T>
{
    private InformerEvent(string key, long revision)
    {
        Key = key;
        Revision = revision;
    }

    public string Key { get; }

    public long Revision { get; }

    /// <summary>
    /// Told by the informer's first list, before <see cref="StoreInformer{T}.Synced"/>: what was already there when it
    /// started (a daemon's start-up), not a change since. A later re-list's differences are changes.
    /// </summary>
    public bool FirstList { get; init; }

    /// <summary>A key the informer did not know.</summary>
    public sealed record Added(string Key, T Value, long Revision) : InformerEvent<T>(Key, Revision);

    /// <summary>A known key written again; <see cref="Old"/> is the value last told.</summary>
    public sealed record Updated(string Key, T Old, T Value, long Revision) : InformerEvent<T>(Key, Revision);

    /// <summary>A known key gone (deleted, its lease ended, or missing from a list after a broken watch).</summary>
    public sealed record Deleted(string Key, T Last, long Revision) : InformerEvent<T>(Key, Revision);
}
