namespace Flotilla.Compute.Networking;

/// <summary>What a network is made of on this host: its namespace, bridge, gateway address and uplink's host end.</summary>
public sealed record NetworkRuntime(string Namespace, string Bridge, string Gateway, string? Uplink);
