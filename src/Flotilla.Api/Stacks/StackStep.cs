namespace Flotilla.Api.Stacks;

/// <summary>
/// <c>{type: step}</c>: a step started or done (<see cref="State"/> <c>started</c>, <c>done</c>), or a wait ended
/// (<see cref="Action"/> <c>wait</c>: <c>running</c>, <c>ready</c>, <c>not ready: …</c>).
/// </summary>
public sealed record StackStep : StackProgress
{
    /// <summary>The step as the plan writes it; null on a wait.</summary>
    public string? Text { get; init; }
    /// <summary><c>create</c>, <c>update</c>, <c>drain</c>, <c>delete</c> or <c>wait</c>.</summary>
    public required string Action { get; init; }
    public required string Kind { get; init; }
    public required string Name { get; init; }
    public required string State { get; init; }
    /// <summary>How long it took; null when it has just started.</summary>
    public double? Seconds { get; init; }
}
