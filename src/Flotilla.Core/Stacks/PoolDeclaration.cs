using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>A backend pool: VMs reached at their address on one network (<see cref="Network"/>, or the one their NICs share).</summary>
public sealed record PoolDeclaration(string Name, string? Network, IReadOnlyList<PoolMemberDeclaration> Members, SpecOrigin Origin);
