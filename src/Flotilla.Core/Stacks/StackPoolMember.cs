namespace Flotilla.Core.Stacks;

/// <summary>A VM in a pool, by name; the daemon gives flotilla-lb its address on the pool's network.</summary>
public sealed record StackPoolMember(string Vm, int Weight = 1);
