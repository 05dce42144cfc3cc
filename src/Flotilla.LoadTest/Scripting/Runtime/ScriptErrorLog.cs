using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Flotilla.LoadTest.Scripting.Runtime;

/// <summary>
/// The run's script errors (exceptions that ended an iteration): every one is counted, and the
/// first of each distinct error (location and message) is printed as one line, at most
/// <see cref="MaxPrinted"/> lines in all, so 10,000 VUs failing alike print one line, not 10,000.
/// </summary>
internal sealed class ScriptErrorLog(TextWriter output)
{
    public const int MaxPrinted = 20;
    private const int MaxDistinct = 1000;
    private const string Other = "(other errors)";

    private readonly ConcurrentDictionary<string, StrongBox<long>> _counts = new(StringComparer.Ordinal);
    private long _total;
    private int _printed;

    public long Total => Interlocked.Read(ref _total);

    /// <param name="error">One line, as <see cref="ScriptErrorText.Describe"/> words it.</param>
    public void Report(string error, int vu, long iteration)
    {
        Interlocked.Increment(ref _total);
        if (_counts.TryGetValue(error, out var known))
        {
            Interlocked.Increment(ref known.Value);
            return;
        }
        // Messages that vary (an id, a count) would otherwise grow this without bound.
        if (_counts.Count >= MaxDistinct) error = Other;
        var first = new StrongBox<long>(1);
        if (!_counts.TryAdd(error, first))
        {
            Interlocked.Increment(ref _counts[error].Value);
            return;
        }
        var printed = Interlocked.Increment(ref _printed);
        if (printed <= MaxPrinted)
        {
            output.WriteLine($"script error: {error} (VU {vu}, iteration {iteration})");
        }
        else if (printed == MaxPrinted + 1)
        {
            output.WriteLine($"script error: more than {MaxPrinted} distinct errors; the rest are counted, not printed");
        }
    }

    /// <summary>Each distinct error with its count, most frequent first.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Snapshot() => _counts
        .Select(kv => new KeyValuePair<string, long>(kv.Key, Interlocked.Read(ref kv.Value.Value)))
        .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
        .ToList();
}
