namespace Flotilla.LoadTest.Execution;

/// <summary>
/// When each arrival of an open-model scenario is due: arrival <c>i</c> at <c>start + i / rate</c>,
/// for arrivals before the scenario's end. Computed from the start, never by adding up waits, so
/// a late wake-up releases every arrival that came due meanwhile and the rate cannot drift.
/// </summary>
public sealed class ArrivalSchedule
{
    private readonly long _start;
    private readonly double _ticksPerArrival;

    /// <param name="start">A <see cref="TimeProvider"/> timestamp.</param>
    public ArrivalSchedule(long start, double perSecond, TimeSpan duration, long timestampFrequency)
    {
        if (perSecond <= 0) throw new ArgumentOutOfRangeException(nameof(perSecond), "the arrival rate must be positive");
        _start = start;
        _ticksPerArrival = timestampFrequency / perSecond;
        Total = (long)Math.Ceiling(duration.TotalSeconds * perSecond - 1e-9);
    }

    /// <summary>Arrivals in the whole scenario.</summary>
    public long Total { get; }

    /// <summary>The timestamp arrival <paramref name="index"/> is due at.</summary>
    public long DueAt(long index) => _start + (long)Math.Round(index * _ticksPerArrival);

    /// <summary>How many arrivals are due by <paramref name="now"/> (a count, so the next is this index).</summary>
    public long DueBy(long now)
    {
        if (now < _start) return 0;
        var due = (long)Math.Floor((now - _start) / _ticksPerArrival) + 1;
        // Rounding in DueAt may put an arrival a tick later than the division says.
        while (due > 0 && DueAt(due - 1) > now) due--;
        while (due < Total && DueAt(due) <= now) due++;
        return Math.Min(due, Total);
    }
}
