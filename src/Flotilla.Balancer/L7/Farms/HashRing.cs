using Flotilla.Balancer.L4.Hashing;
using Yarp.ReverseProxy.Model;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// An immutable consistent-hash ring over one set of available destinations: the L4 balancer's
/// weighted <see cref="MaglevTable"/> keyed by destination id, so every router builds the same
/// ring and a destination that leaves moves only its own share (~1/N) of the keys.
/// </summary>
internal sealed class HashRing
{
    /// <summary>Smaller than L4's table: farms are tens of servers, and the ring is rebuilt on every health change.</summary>
    public const int Size = 16381;

    private readonly DestinationState[] _members;
    private readonly MaglevTable _table;

    private HashRing(DestinationState[] members, MaglevTable table)
    {
        _members = members;
        _table = table;
    }

    public static HashRing Build(IReadOnlyList<DestinationState> available)
    {
        var members = available.Where(d => FarmMetadata.WeightOf(d) > 0).ToArray();
        var table = MaglevTable.Build([.. members.Select(d => (d.DestinationId, FarmMetadata.WeightOf(d)))], Size);
        return new HashRing(members, table);
    }

    /// <summary>True when the ring was built from exactly these destinations (same states, same order).</summary>
    public bool IsFor(IReadOnlyList<DestinationState> available)
    {
        var index = 0;
        for (var i = 0; i < available.Count; i++)
        {
            if (FarmMetadata.WeightOf(available[i]) <= 0)
            {
                continue;
            }

            if (index == _members.Length || !ReferenceEquals(_members[index], available[i]))
            {
                return false;
            }

            index++;
        }

        return index == _members.Length;
    }

    public DestinationState? Lookup(ulong hash) => _members.Length == 0 ? null : _members[_table.Lookup(hash)];
}
