namespace Flotilla.Core.Stacks;

/// <summary>A resource by kind and name, with the stack that owns it (null: made by hand, owned by no stack).</summary>
public sealed record ResourceRef(ResourceKind Kind, string Name, string? Stack = null);
