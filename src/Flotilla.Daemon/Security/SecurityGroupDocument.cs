using Flotilla.Core.Security;

namespace Flotilla.Daemon.Security;

/// <summary>A security group as the store keeps it (<c>nsgs/NAME</c>): its rules in the notation users write them.</summary>
public sealed record SecurityGroupDocument
{
    public required string Name { get; init; }
    public IReadOnlyList<SecurityRuleText> Rules { get; init; } = [];
    /// <summary>The stack that owns the group; null for one made by hand.</summary>
    public string? Stack { get; init; }

    /// <exception cref="SecurityRuleException">A stored rule no longer parses (never, unless the store was edited by hand).</exception>
    public SecurityGroup ToGroup() => SecurityGroupValidator.Validate(new SecurityGroup { Name = Name, Rules = [.. Rules.Select(r => r.Parse(Name))] });

    public static SecurityGroupDocument From(SecurityGroup group) => new() { Name = group.Name, Rules = [.. group.Rules.Select(SecurityRuleText.From)] };
}
