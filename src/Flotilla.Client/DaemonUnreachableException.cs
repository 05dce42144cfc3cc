namespace Flotilla.Client;

/// <summary>No connection to flotillad: the socket is missing, nobody listens, or it may not be opened.</summary>
public sealed class DaemonUnreachableException(string message, Exception inner) : Exception(message, inner);
