namespace Flotilla.Daemon.Networks;

/// <summary>Who holds an address of a network: the value of <c>ipam/NETWORK/ADDRESS</c>.</summary>
public sealed record AddressLease(string Vm, int Nic, string Mac);
