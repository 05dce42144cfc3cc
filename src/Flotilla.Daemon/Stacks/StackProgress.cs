namespace Flotilla.Daemon.Stacks;

/// <summary>
/// One line of an apply's or destroy's progress stream (NDJSON): the plan, each step as it starts and ends, the
/// outputs, and how it ended (<c>done</c>, or <c>error</c> with the problem's detail).
/// </summary>
public sealed record StackProgress
{
    public required string Type { get; init; }
    public string? Text { get; init; }
    public string? Action { get; init; }
    public string? Kind { get; init; }
    public string? Name { get; init; }
    public string? State { get; init; }
    public double? Seconds { get; init; }
    public IReadOnlyDictionary<string, string>? Outputs { get; init; }
    public string? ProblemType { get; init; }
}
