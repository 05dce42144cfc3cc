using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>A pool with its members as VM instances and its network (null when that could not be decided).</summary>
internal sealed record ResolvedPool(PoolDeclaration Declaration, string? Network, IReadOnlyList<(VmInstance Vm, int Weight, SpecOrigin Origin)> Members);
