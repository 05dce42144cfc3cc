namespace Flotilla.Api.Stacks;

/// <summary><c>{type: outputs}</c>: the stack's outputs once an apply's steps are done.</summary>
public sealed record StackOutputs(IReadOnlyDictionary<string, string> Outputs) : StackProgress;
