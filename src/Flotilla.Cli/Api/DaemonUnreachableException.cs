namespace Flotilla.Cli.Api;

/// <summary>No connection to flotillad: the socket is missing, nobody listens, or it may not be opened.</summary>
internal sealed class DaemonUnreachableException(string message, Exception inner) : Exception(message, inner);
