using Flotilla.Api.Stacks;

namespace Flotilla.Api.Operations;

/// <summary>
/// A stack's apply or destroy as the daemon stores it (<c>GET /v1/operations/ID</c>): it is written when the request is
/// accepted (202), carried out by the daemon whatever becomes of the client, and keeps every progress line it told, so
/// a client can watch it from any line (<c>GET /v1/operations/ID/progress?from=N</c>) or read it afterwards.
/// </summary>
public sealed record OperationView
{
    /// <summary><c>op-20261207-210512-3fa9</c>: when it was accepted, and four random hex digits.</summary>
    public required string Id { get; init; }
    public required OperationKind Kind { get; init; }
    public required string Stack { get; init; }
    /// <summary>The host whose daemon carries it out (and carries it on after a restart).</summary>
    public required string Host { get; init; }
    public required OperationState State { get; init; }
    public required DateTimeOffset Created { get; init; }
    public DateTimeOffset? Ended { get; init; }
    /// <summary>How many times a daemon has started carrying it out: 1, and one more for each restart that interrupted it.</summary>
    public int Attempts { get; init; }
    /// <summary>The step that was running when it failed, or was interrupted for the last time.</summary>
    public string? Step { get; init; }
    /// <summary>Why it failed.</summary>
    public string? Error { get; init; }
    /// <summary>Every progress line so far, in order; a finished operation's last line is <c>done</c> or <c>error</c>.</summary>
    public IReadOnlyList<StackProgress> Progress { get; init; } = [];
}
