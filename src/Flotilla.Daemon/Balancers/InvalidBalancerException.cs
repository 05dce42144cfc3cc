namespace Flotilla.Daemon.Balancers;

/// <summary>A balancer flotilla-lb's reader (or the daemon, for what only it knows) refuses; the message is one line.</summary>
public sealed class InvalidBalancerException(string message, Exception? inner = null) : Exception(message, inner);
