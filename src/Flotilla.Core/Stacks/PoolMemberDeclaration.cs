using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>One entry of a pool's <c>members:</c>: <c>web[*]</c>, <c>web[2]</c>, <c>web-2</c> or <c>db</c>, with a weight.</summary>
public sealed record PoolMemberDeclaration(VmReference Vm, int Weight, SpecOrigin Origin);
