namespace Flotilla.Balancer.Contract.Status;

/// <summary>
/// One frontend listener for <c>/status</c>: a balancer rule's (<see cref="Router"/> null) or a
/// router's (<see cref="Balancer"/> and <see cref="Rule"/> null). <see cref="Frontend"/> reads
/// <c>tcp 127.0.0.1:80</c>; <see cref="Error"/> is why it is not <see cref="Live"/>.
/// </summary>
public sealed record ListenerStatus
{
    public string Frontend { get; init; } = "";

    public string? Balancer { get; init; }

    public string? Rule { get; init; }

    public string? Router { get; init; }

    public bool Live { get; init; } = true;

    public string? Error { get; init; }

    public int Retries { get; init; }
}
