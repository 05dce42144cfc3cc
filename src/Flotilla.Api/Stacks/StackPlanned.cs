namespace Flotilla.Api.Stacks;

/// <summary><c>{type: plan}</c>: the plan about to be carried out, as <c>flotilla plan</c> prints it.</summary>
public sealed record StackPlanned(string Text) : StackProgress;
