namespace Flotilla.Api.Stacks;

/// <summary>The answer to <c>POST /v1/stacks/plan</c>: the plan as text (exactly <c>No changes.</c> when empty) and its counts.</summary>
public sealed record StackPlanView(string Stack, string Text, int ToAdd, int ToChange, int ToDestroy);
