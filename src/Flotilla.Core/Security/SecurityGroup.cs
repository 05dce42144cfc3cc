namespace Flotilla.Core.Security;

/// <summary>
/// A network security group: named rules attached to a network (every VM on it) or to one VM's NIC. A flow must be
/// allowed by every group on its way: inbound the network's group and then the NIC's, outbound the NIC's and then the network's.
/// </summary>
public sealed record SecurityGroup
{
    public required string Name { get; init; }

    /// <summary>The user's rules, both directions, in the order added; <see cref="EffectiveRules"/> gives the evaluation order.</summary>
    public IReadOnlyList<SecurityRule> Rules { get; init; } = [];

    /// <summary>The rules for one direction in the order they are evaluated: the user's by priority, then the defaults.</summary>
    public IReadOnlyList<SecurityRule> EffectiveRules(RuleDirection direction) =>
    [
        .. Rules.Where(rule => rule.Direction == direction).OrderBy(rule => rule.Priority),
        .. DefaultSecurityRules.For(direction),
    ];

    /// <summary>This group with <paramref name="rule"/> added (<c>nsg rule add</c>).</summary>
    /// <exception cref="SecurityRuleException">The rule is invalid, or its name or its direction's priority is taken.</exception>
    public SecurityGroup WithRule(SecurityRule rule)
    {
        var group = this with { Rules = [.. Rules, rule] };
        SecurityGroupValidator.Validate(group);
        return group;
    }

    /// <summary>This group without the rule named <paramref name="name"/> (<c>nsg rule remove</c>).</summary>
    /// <exception cref="SecurityRuleException">No such rule.</exception>
    public SecurityGroup WithoutRule(string name)
    {
        var rule = Rules.FirstOrDefault(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw new SecurityRuleException(Name, name, RuleField.Name,
                DefaultSecurityRules.IsDefaultName(name) ? "default rules cannot be removed; override one with a rule of lower priority" : "no such rule");
        return this with { Rules = [.. Rules.Where(r => !ReferenceEquals(r, rule))] };
    }
}
