namespace Flotilla.Balancer.Runtime;

/// <summary>A valid config that cannot go live here (e.g. a frontend port already in use).</summary>
public sealed class LbApplyException(string message, Exception? inner = null) : Exception(message, inner);
