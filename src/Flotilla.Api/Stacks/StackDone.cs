namespace Flotilla.Api.Stacks;

/// <summary><c>{type: done}</c>: the last line of a run that finished.</summary>
public sealed record StackDone : StackProgress;
