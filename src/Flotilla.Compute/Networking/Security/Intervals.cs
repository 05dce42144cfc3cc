namespace Flotilla.Compute.Networking.Security;

/// <summary>
/// A union of closed intervals of unsigned numbers, kept sorted, disjoint and non-adjacent: the form nft's interval
/// sets need (it rejects overlapping elements), and one where "everything" and "nothing" are easy to see.
/// </summary>
internal sealed class Intervals
{
    private Intervals(IReadOnlyList<(uint First, uint Last)> ranges, uint max)
    {
        Ranges = ranges;
        Max = max;
    }

    public IReadOnlyList<(uint First, uint Last)> Ranges { get; }

    /// <summary>The largest number of the space (255.255.255.255 for addresses, 65535 for ports).</summary>
    public uint Max { get; }

    public bool IsEmpty => Ranges.Count == 0;
    public bool IsAll => Ranges is [(0, var last)] && last == Max;

    public static Intervals All(uint max) => new([(0, max)], max);

    public static Intervals Of(uint max, IEnumerable<(uint First, uint Last)> ranges)
    {
        var merged = new List<(uint First, uint Last)>();
        foreach (var (first, last) in ranges.OrderBy(r => r.First))
        {
            if (first > last || last > max) throw new ArgumentOutOfRangeException(nameof(ranges), $"{first}-{last} is not within 0-{max}");
            if (merged.Count > 0 && (ulong)first <= (ulong)merged[^1].Last + 1)
            {
                merged[^1] = (merged[^1].First, Math.Max(merged[^1].Last, last));
            }
            else
            {
                merged.Add((first, last));
            }
        }
        return new Intervals(merged, max);
    }

    public Intervals Union(Intervals other) => Of(Max, Ranges.Concat(other.Ranges));

    public Intervals Complement()
    {
        var gaps = new List<(uint First, uint Last)>();
        ulong next = 0;
        foreach (var (first, last) in Ranges)
        {
            if (first > next) gaps.Add(((uint)next, first - 1));
            next = (ulong)last + 1;
        }
        if (next <= Max) gaps.Add(((uint)next, Max));
        return new Intervals(gaps, Max);
    }
}
