using Flotilla.Core.Security;

namespace Flotilla.Api.Security;

/// <summary>A group as the API shows it: the user's rules, the rules in evaluation order (defaults included), and what uses it.</summary>
public sealed record SecurityGroupView
{
    public required string Name { get; init; }
    public required IReadOnlyList<SecurityRuleText> Rules { get; init; }
    public required IReadOnlyList<SecurityRuleText> EffectiveInbound { get; init; }
    public required IReadOnlyList<SecurityRuleText> EffectiveOutbound { get; init; }
    /// <summary>Networks it is attached to, and NICs as <c>VM/nicN</c>.</summary>
    public required IReadOnlyList<string> AttachedTo { get; init; }

    public static SecurityGroupView Of(SecurityGroup group, IReadOnlyList<string> attachedTo) => new()
    {
        Name = group.Name,
        Rules = [.. group.Rules.OrderBy(r => r.Direction).ThenBy(r => r.Priority).Select(SecurityRuleText.From)],
        EffectiveInbound = [.. group.EffectiveRules(RuleDirection.Inbound).Select(SecurityRuleText.From)],
        EffectiveOutbound = [.. group.EffectiveRules(RuleDirection.Outbound).Select(SecurityRuleText.From)],
        AttachedTo = attachedTo,
    };
}
