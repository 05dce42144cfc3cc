namespace Flotilla.Balancer.L4.Hashing;

/// <summary>
/// Maglev consistent hashing (Eisenbud et al., NSDI 2016): a prime-sized lookup table that
/// each backend fills following its own permutation (offset, skip) until the table is full.
/// Weighted by giving a backend <c>weight</c> turns per round. A backend's permutation
/// depends only on its <c>address:port</c> (see <see cref="StableHash"/>), so the table
/// depends only on the set of backends, not on their order; removing one of N backends
/// changes little more than its own 1/N of the slots.
/// </summary>
public sealed class MaglevTable
{
    /// <summary>A prime; large enough that 1,000 backends still spread within 1 %.</summary>
    public const int DefaultSize = 65537;

    private readonly int[] _slots;

    private MaglevTable(int[] slots, int backendCount)
    {
        _slots = slots;
        BackendCount = backendCount;
    }

    public int Size => _slots.Length;

    public int BackendCount { get; }

    /// <summary>The backend index (into the list given to <see cref="Build"/>) at a slot.</summary>
    public int this[int slot] => _slots[slot];

    public int SlotOf(ulong hash) => (int)(hash % (ulong)_slots.Length);

    public int Lookup(ulong hash) => _slots[SlotOf(hash)];

    public static MaglevTable Build(IReadOnlyList<(string Key, int Weight)> backends, int size = DefaultSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        var slots = new int[size];
        if (backends.Count == 0)
        {
            return new MaglevTable(slots, 0);
        }

        // Fill in a canonical order (by key) so the table never depends on list order.
        var order = Enumerable.Range(0, backends.Count).OrderBy(i => backends[i].Key, StringComparer.Ordinal).ToArray();
        var offset = new long[backends.Count];
        var skip = new long[backends.Count];
        var next = new long[backends.Count];
        foreach (var i in order)
        {
            offset[i] = (long)(StableHash.Hash(backends[i].Key, StableHash.OffsetSeed) % (ulong)size);
            skip[i] = (long)(StableHash.Hash(backends[i].Key, StableHash.SkipSeed) % (ulong)(size - 1)) + 1;
        }

        Array.Fill(slots, -1);
        var filled = 0;
        while (true)
        {
            foreach (var i in order)
            {
                for (var turn = 0; turn < backends[i].Weight; turn++)
                {
                    long candidate;
                    do
                    {
                        candidate = (offset[i] + next[i] * skip[i]) % size;
                        next[i]++;
                    }
                    while (slots[candidate] >= 0);

                    slots[candidate] = i;
                    if (++filled == size)
                    {
                        return new MaglevTable(slots, backends.Count);
                    }
                }
            }
        }
    }
}
