namespace Flotilla.Daemon.Reconciling;

/// <summary>What every VM worker of this host shares: the host's name and its acceleration verdict.</summary>
internal sealed record ReconcilerContext(string HostName, string Accel);
