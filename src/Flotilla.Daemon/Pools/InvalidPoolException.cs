namespace Flotilla.Daemon.Pools;

/// <summary>A pool request that cannot be a pool (path, capacity, tier): what is wrong, in one line.</summary>
public sealed class InvalidPoolException(string message) : Exception(message);
