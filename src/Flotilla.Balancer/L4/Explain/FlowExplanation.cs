namespace Flotilla.Balancer.L4.Explain;

/// <summary>Why a flow goes where it goes: the answer to seed 000's "is it round-robin?".</summary>
public sealed record FlowExplanation
{
    public required string Rule { get; init; }

    public required string Tuple { get; init; }

    public required string Distribution { get; init; }

    /// <summary>The fields the distribution mode hashes, e.g. <c>src-ip, dst-ip</c>.</summary>
    public required string HashedFields { get; init; }

    public required string Hash { get; init; }

    public required int Slot { get; init; }

    public required int TableSize { get; init; }

    public string? Member { get; init; }

    public required string MemberHealth { get; init; }

    /// <summary>The member an existing flow with this tuple is pinned to, if one is live.</summary>
    public string? PinnedTo { get; init; }

    public required int MembersInRotation { get; init; }

    public string Summary =>
        $"{Rule}: {Tuple} | {Distribution} hashes ({HashedFields}) = {Hash} -> slot {Slot}/{TableSize} -> " +
        (Member is null ? "no member in rotation: the connection is refused" : $"{Member} ({MemberHealth})") +
        (PinnedTo is null ? "; no live flow pins it" : $"; a live flow pins it to {PinnedTo}");
}
