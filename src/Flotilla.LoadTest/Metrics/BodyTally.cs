using System.Text;
using Flotilla.LoadTest.Results;

namespace Flotilla.LoadTest.Metrics;

/// <summary>
/// Counts responses per distinct small body, so a run against "Hello from VM N" backends shows
/// which VM answered how often. Bounded: bodies over <see cref="MaxBodyBytes"/> are not tallied and
/// past <see cref="MaxDistinct"/> distinct bodies the rest count as "(other)". Lookups compare bytes
/// against the few known bodies; nothing is allocated for a body seen before.
/// </summary>
internal sealed class BodyTally
{
    public const int MaxBodyBytes = 1024;
    public const int MaxDistinct = 16;
    public const string Other = "(other)";

    private readonly object _gate = new();
    private byte[][] _bodies = [];
    private readonly long[] _counts = new long[MaxDistinct];
    private long _other;

    public void Record(ReadOnlySpan<byte> body, long fullLength)
    {
        if (fullLength > MaxBodyBytes || body.Length != fullLength) return;
        body = body.Trim(" \t\r\n"u8);
        var known = Volatile.Read(ref _bodies);
        for (var i = 0; i < known.Length; i++)
        {
            if (body.SequenceEqual(known[i])) { Interlocked.Increment(ref _counts[i]); return; }
        }
        lock (_gate)
        {
            for (var i = known.Length; i < _bodies.Length; i++)
            {
                if (body.SequenceEqual(_bodies[i])) { Interlocked.Increment(ref _counts[i]); return; }
            }
            if (_bodies.Length == MaxDistinct) { Interlocked.Increment(ref _other); return; }
            Interlocked.Increment(ref _counts[_bodies.Length]);
            Volatile.Write(ref _bodies, [.. _bodies, body.ToArray()]);
        }
    }

    /// <summary>Distinct bodies, most frequent first (text trimmed to 200 characters).</summary>
    public IReadOnlyList<BodyCount> Snapshot()
    {
        var bodies = Volatile.Read(ref _bodies);
        var list = bodies.Select((b, i) => new BodyCount(Preview(b), Interlocked.Read(ref _counts[i]))).ToList();
        var other = Interlocked.Read(ref _other);
        if (other > 0) list.Add(new BodyCount(Other, other));
        return list.OrderByDescending(b => b.Count).ThenBy(b => b.Body, StringComparer.Ordinal).ToList();
    }

    private static string Preview(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length <= 200 ? text : text[..200] + "…";
    }
}
