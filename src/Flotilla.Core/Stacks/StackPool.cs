namespace Flotilla.Core.Stacks;

/// <summary>A backend pool: VMs on one network, each reached at its address on it (flotilla-lb's pool namespace is the network's).</summary>
public sealed record StackPool(string Name, string Network, IReadOnlyList<StackPoolMember> Members);
