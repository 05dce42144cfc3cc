namespace Flotilla.Compute.Networking.Security;

/// <summary><c>nft</c> (or the namespace around it) refused: <see cref="Exception.Message"/> carries what it said.</summary>
public sealed class NftException(string message, Exception? inner = null) : Exception(message, inner);
