namespace Flotilla.Compute.Networking;

/// <summary>An <c>ip</c>, <c>nft</c> or <c>sysctl</c> step failed; the message holds the command and its own words.</summary>
public sealed class NetworkSetupException(string message) : Exception(message);
