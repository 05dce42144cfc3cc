namespace Flotilla.Core.Stacks;

/// <summary>A literal piece of an output's text, or a reference (<c>loadBalancers.web.frontend</c>) to replace.</summary>
public sealed record OutputPart(string Text, bool IsReference);
