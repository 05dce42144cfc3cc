namespace Flotilla.Core.Stacks;

/// <summary>A router's farm: VMs on one network, each reached at its address there on <see cref="Port"/>.</summary>
public sealed record StackFarm(string Name, string Network, int Port, IReadOnlyList<StackPoolMember> Members);
