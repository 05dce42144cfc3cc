using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Flotilla.LoadTest.Metrics;

/// <summary>Counts by name, from many VUs at once (errors by kind, checks' passes and fails).</summary>
internal sealed class NamedCounters
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _counts = new(StringComparer.Ordinal);

    public void Increment(string name) => Interlocked.Increment(ref _counts.GetOrAdd(name, static _ => new StrongBox<long>()).Value);

    public long this[string name] => _counts.TryGetValue(name, out var box) ? Interlocked.Read(ref box.Value) : 0;

    public long Total => _counts.Values.Sum(b => Interlocked.Read(ref b.Value));

    /// <summary>Every name with its count, in no particular order.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Snapshot() =>
        _counts.Select(kv => new KeyValuePair<string, long>(kv.Key, Interlocked.Read(ref kv.Value.Value))).ToList();
}
