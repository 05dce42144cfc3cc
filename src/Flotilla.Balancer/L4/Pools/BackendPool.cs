using Flotilla.Balancer.L4.Hashing;

namespace Flotilla.Balancer.L4.Pools;

/// <summary>
/// An immutable snapshot of the members in rotation (healthy, not draining) and their Maglev
/// table. Replaced whole when health or config changes; a flow that picked from an older
/// snapshot keeps its member.
/// </summary>
public sealed class BackendPool
{
    /// <summary>How many distinct members a new flow tries when connects fail.</summary>
    public const int MaxAttempts = 3;

    public static readonly BackendPool Empty = new([], MaglevTable.Build([]));

    private BackendPool(IReadOnlyList<Member> members, MaglevTable table)
    {
        Members = members;
        Table = table;
    }

    public IReadOnlyList<Member> Members { get; }

    public MaglevTable Table { get; }

    public bool IsEmpty => Members.Count == 0;

    public static BackendPool Build(IEnumerable<Member> inRotation, int tableSize = MaglevTable.DefaultSize)
    {
        var members = inRotation.ToArray();
        return members.Length == 0
            ? Empty
            : new BackendPool(members, MaglevTable.Build([.. members.Select(m => (m.Key, m.Weight))], tableSize));
    }

    /// <summary>The member for a flow hash: Maglev's choice.</summary>
    public Member? Pick(ulong hash) => IsEmpty ? null : Members[Table.Lookup(hash)];

    /// <summary>
    /// The flow's preference list: Maglev's choice, then the choices of independent rehashes,
    /// without repeats, at most <see cref="MaxAttempts"/> members.
    /// </summary>
    public int Preferences(ulong hash, Span<Member?> destination)
    {
        if (IsEmpty)
        {
            return 0;
        }

        var wanted = Math.Min(Math.Min(MaxAttempts, Members.Count), destination.Length);
        var count = 0;
        for (var attempt = 0; count < wanted && attempt < 4 * MaxAttempts; attempt++)
        {
            var member = Members[Table.Lookup(attempt == 0 ? hash : StableHash.Rehash(hash, attempt))];
            if (!Contains(destination[..count], member))
            {
                destination[count++] = member;
            }
        }

        return count;
    }

    private static bool Contains(ReadOnlySpan<Member?> members, Member member)
    {
        foreach (var m in members)
        {
            if (ReferenceEquals(m, member))
            {
                return true;
            }
        }

        return false;
    }
}
