namespace Flotilla.Store;

/// <summary>A watch asked for history the store no longer keeps; list again and watch from there.</summary>
public sealed class StoreCompactedException(long requested, long oldestKept)
    : Exception($"store: revision {requested} was compacted; the oldest kept is {oldestKept}: list again and watch from its revision")
{
    public long Requested { get; } = requested;
    public long OldestKept { get; } = oldestKept;
}
