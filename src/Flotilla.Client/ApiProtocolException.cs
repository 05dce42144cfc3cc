namespace Flotilla.Client;

/// <summary>flotillad's answer is not what docs/api.md promises (not JSON, an unknown state), or the connection broke mid-answer.</summary>
public sealed class ApiProtocolException(string message, Exception? inner = null) : Exception(message, inner);
