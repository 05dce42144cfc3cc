namespace Flotilla.Store;

/// <summary>Entries read together, and the store's revision at the time of reading.</summary>
public sealed record StoreRange(IReadOnlyList<StoreEntry> Entries, long Revision);
