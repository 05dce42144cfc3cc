using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>
/// A router's server farm as a stack declares it: VMs (like a balancer pool's members) reached on <see cref="Port"/>
/// at their address on one network (<see cref="Network"/>, or the one their NICs share).
/// </summary>
public sealed record FarmDeclaration(string Name, string? Network, int Port, IReadOnlyList<PoolMemberDeclaration> Members, SpecOrigin Origin)
{
    public const int DefaultPort = 80;

    /// <summary>The farm as a pool, for <see cref="PoolResolver"/>: the same members and network rules apply.</summary>
    internal PoolDeclaration AsPool() => new(Name, Network, Members, Origin);
}
