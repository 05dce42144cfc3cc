namespace Flotilla.Core.Naming;

/// <summary>A name a user gave that cannot be a DNS label.</summary>
public sealed class InvalidNameException(string kind, string name, string? alsoRule = null)
    : Exception($"invalid {kind} name '{name}': use lowercase letters, digits and dashes (at most 63, not starting or ending with a dash{(alsoRule is null ? "" : ", " + alsoRule)})")
{
    public string Kind { get; } = kind;
    public string Name { get; } = name;
}
