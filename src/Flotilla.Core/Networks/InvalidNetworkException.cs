namespace Flotilla.Core.Networks;

/// <summary>A network or address request that cannot be met; the message says why, in the user's terms.</summary>
public sealed class InvalidNetworkException(string message) : Exception(message);
