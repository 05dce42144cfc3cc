namespace Flotilla.Core.Stacks;

/// <summary>A VM's NIC (CreateVmRequest's NicRequest). A null <see cref="Address"/> is the network's next free one, and any address satisfies it.</summary>
public sealed record StackNic(string Network, string? Address = null, string? SecurityGroup = null);
