namespace Flotilla.Store;

/// <summary>A compare-and-swap lost: the key had another revision than the caller read.</summary>
public sealed class StoreConflictException(string key, long expected, long actual)
    : Exception($"store: '{key}' is at revision {actual}, not {expected}: someone else changed it")
{
    public string Key { get; } = key;
    public long Expected { get; } = expected;
    /// <summary>The key's mod revision now; 0 when it does not exist.</summary>
    public long Actual { get; } = actual;
}
