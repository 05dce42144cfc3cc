namespace Flotilla.Api.Networks;

/// <summary>A VM NIC on a network, and its tap on this host.</summary>
public sealed record NetworkPort(string Vm, int Nic, string Address, string Mac, string Tap, string? SecurityGroup);
