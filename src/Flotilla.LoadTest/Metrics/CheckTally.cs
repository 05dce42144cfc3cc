using System.Collections.Concurrent;
using Flotilla.LoadTest.Results;

namespace Flotilla.LoadTest.Metrics;

/// <summary>Passes and fails per check name, in the order the checks were first seen (as k6 prints them).</summary>
internal sealed class CheckTally
{
    private sealed class Counter(int order)
    {
        public readonly int Order = order;
        public long Passes;
        public long Fails;
    }

    private readonly ConcurrentDictionary<string, Counter> _checks = new(StringComparer.Ordinal);
    private int _seen;

    public void Record(string name, bool passed)
    {
        var counter = _checks.GetOrAdd(name, _ => new Counter(Interlocked.Increment(ref _seen)));
        if (passed) Interlocked.Increment(ref counter.Passes);
        else Interlocked.Increment(ref counter.Fails);
    }

    public IReadOnlyList<CheckResult> Snapshot() => _checks
        .OrderBy(kv => kv.Value.Order)
        .Select(kv => new CheckResult(kv.Key, Interlocked.Read(ref kv.Value.Passes), Interlocked.Read(ref kv.Value.Fails)))
        .ToList();
}
