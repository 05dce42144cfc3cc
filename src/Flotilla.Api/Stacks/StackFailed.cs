namespace Flotilla.Api.Stacks;

/// <summary>
/// <c>{type: error}</c>: the last line of a run that stopped. The headers were sent with 200 before it failed, so
/// the problem travels here: its detail and the type it would have had (<c>https://flotilla.dev/problems/…</c>).
/// </summary>
public sealed record StackFailed(string Text, string? ProblemType) : StackProgress;
