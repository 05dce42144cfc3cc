namespace Flotilla.Daemon.Vms;

/// <summary>A create request that cannot be a VM: what is wrong, in one line.</summary>
public sealed class InvalidSpecException(string message) : Exception(message);
