namespace Flotilla.Daemon.Vms;

/// <summary>Starting a VM would exceed the host's capacity; the message says what is short.</summary>
public sealed class InsufficientCapacityException(string message) : Exception(message);
