namespace Flotilla.Balancer.Namespaces;

/// <summary>A network namespace named by the config cannot be used: missing, not a network namespace, or not enterable.</summary>
public sealed class NetworkNamespaceException(string message, Exception? inner = null) : Exception(message, inner);
