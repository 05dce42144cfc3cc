using System.Text;
using Flotilla.LoadTest.Http;
using Flotilla.LoadTest.Metrics;
using Flotilla.LoadTest.Results;

namespace Flotilla.LoadTest.Backends;

/// <summary>
/// Requests and latency per backend, as its responses name it (<see cref="BackendSource"/>), sampled each second
/// with the run's timeline. Bounded as <see cref="BodyTally"/> is: past <see cref="MaxBackends"/> distinct names the
/// rest count as "(other)". A known backend is found by comparing bytes; nothing is allocated for it.
/// </summary>
internal sealed class BackendTally(BackendSource source)
{
    public const int MaxBackends = 16;
    public const string Other = "(other)";

    private readonly object _gate = new();
    private Slot[] _slots = [];
    private Slot? _other;

    public BackendSource Source { get; } = source;

    public void Record(HttpResponse response, double durationMs)
    {
        Span<byte> buffer = stackalloc byte[3 * BackendSource.MaxKeyBytes];
        var key = Source.KeyOf(response, buffer);
        if (key.IsEmpty) return;
        var slot = Find(key);
        Interlocked.Increment(ref slot.Requests);
        if (response.Failed) Interlocked.Increment(ref slot.Failures);
        slot.Duration.Record(durationMs);
    }

    /// <summary>Closes the interval since the last sample for every backend; one caller at a time (the metrics' sampler).</summary>
    public void Sample(double seconds, double span, bool keep)
    {
        foreach (var slot in Slots())
        {
            var requests = Interlocked.Read(ref slot.Requests);
            var failures = Interlocked.Read(ref slot.Failures);
            var interval = slot.Duration.TakeInterval();
            if (keep)
            {
                slot.Timeline.Add(new BackendPoint(Math.Round(seconds, 3), requests - slot.LastRequests, failures - slot.LastFailures,
                    span > 0 ? (requests - slot.LastRequests) / span : 0, interval.Med, interval.P95, interval.P99));
            }
            slot.LastRequests = requests;
            slot.LastFailures = failures;
        }
    }

    /// <summary>Every backend seen, most requests first; call after the final sample.</summary>
    public IReadOnlyList<BackendSeries> Snapshot() => Slots()
        .Select(s => new BackendSeries(s.Name, Interlocked.Read(ref s.Requests), Interlocked.Read(ref s.Failures), s.Duration.Summarize(), [.. s.Timeline]))
        .OrderByDescending(s => s.Requests).ThenBy(s => s.Backend, StringComparer.Ordinal)
        .ToList();

    private IEnumerable<Slot> Slots()
    {
        var slots = Volatile.Read(ref _slots);
        return Volatile.Read(ref _other) is { } other ? [.. slots, other] : slots;
    }

    private Slot Find(ReadOnlySpan<byte> key)
    {
        var known = Volatile.Read(ref _slots);
        foreach (var slot in known)
        {
            if (key.SequenceEqual(slot.Key)) return slot;
        }
        lock (_gate)
        {
            for (var i = known.Length; i < _slots.Length; i++)
            {
                if (key.SequenceEqual(_slots[i].Key)) return _slots[i];
            }
            if (_slots.Length == MaxBackends)
            {
                if (_other is null) Volatile.Write(ref _other, new Slot([], Other));
                return _other!;
            }
            var added = new Slot(key.ToArray(), Encoding.UTF8.GetString(key));
            Volatile.Write(ref _slots, [.. _slots, added]);
            return added;
        }
    }

    private sealed class Slot(byte[] key, string name)
    {
        public readonly byte[] Key = key;
        public readonly string Name = name;
        public readonly LatencyRecorder Duration = new();
        public readonly List<BackendPoint> Timeline = [];
        public long Requests;
        public long Failures;
        public long LastRequests;
        public long LastFailures;
    }
}
