namespace Flotilla.Store;

/// <summary>
/// What a transaction did. <see cref="Revision"/> is the revision every op was written at when it succeeded (the
/// store's unchanged revision when it wrote nothing). When it failed, <see cref="Current"/> holds the compared keys'
/// entries as they are now (a compared key missing from it does not exist), so a compare-and-swap loop retries
/// without reading again.
/// </summary>
public sealed record StoreTxnResult(bool Succeeded, long Revision, IReadOnlyDictionary<string, StoreEntry> Current)
{
    /// <summary>The mod revision of compared <paramref name="key"/> now; 0 when it does not exist.</summary>
    public long ModRevisionOf(string key) => Current.TryGetValue(key, out var entry) ? entry.ModRevision : 0;
}
