namespace Flotilla.Api.Stacks;

/// <summary>
/// <c>{type: resumed}</c>: the daemon was restarted (or killed) while the operation ran, and the restarted daemon carries
/// it on: it plans again from what exists and goes on from there. <see cref="Attempt"/> is 2 for the first restart.
/// </summary>
public sealed record StackResumed(int Attempt, string? Step) : StackProgress;
