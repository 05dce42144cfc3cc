namespace Flotilla.Balancer.Runtime;

/// <summary>
/// One frontend listener for <c>/status</c>: a balancer rule's (<see cref="Router"/> null) or a
/// router's (<see cref="Balancer"/> and <see cref="Rule"/> null). <see cref="Frontend"/> reads
/// <c>tcp 127.0.0.1:80</c>; <see cref="Error"/> is why it is not <see cref="Live"/>.
/// </summary>
public sealed record ListenerStatus(string Frontend, string? Balancer, string? Rule, string? Router, bool Live, string? Error, int Retries);
