using System.Text.RegularExpressions;
using Flotilla.Core.Naming;

namespace Flotilla.Core.Security;

/// <summary>Checks a group as a whole: its name, each rule, and that names and each direction's priorities are unique.</summary>
public static partial class SecurityGroupValidator
{
    public const string GroupKind = "network security group";

    /// <summary>Azure's rule names: up to 80 letters, digits, '_', '.', '-', starting with a letter or digit, ending with one or '_'.</summary>
    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$")]
    private static partial Regex RuleName();

    /// <returns><paramref name="group"/>, valid.</returns>
    /// <exception cref="InvalidNameException">The group's name is not a DNS label.</exception>
    /// <exception cref="SecurityRuleException">A rule is invalid or clashes with another.</exception>
    public static SecurityGroup Validate(SecurityGroup group)
    {
        ResourceName.Validate(group.Name, GroupKind);
        var seen = new List<SecurityRule>();
        foreach (var rule in group.Rules)
        {
            ValidateRule(group.Name, rule);
            if (seen.FirstOrDefault(r => r.Name.Equals(rule.Name, StringComparison.OrdinalIgnoreCase)) is not null)
            {
                throw new SecurityRuleException(group.Name, rule.Name, RuleField.Name, "the group already has a rule of this name");
            }
            if (seen.FirstOrDefault(r => r.Direction == rule.Direction && r.Priority == rule.Priority) is { } clash)
            {
                throw new SecurityRuleException(group.Name, rule.Name, RuleField.Priority,
                    $"{rule.Priority} is already used by {rule.Direction.ToString().ToLowerInvariant()} rule '{clash.Name}'; priorities are unique per direction");
            }
            seen.Add(rule);
        }
        return group;
    }

    /// <summary>Checks one user rule on its own (the defaults are not user rules).</summary>
    /// <exception cref="SecurityRuleException">The first problem found.</exception>
    public static void ValidateRule(string group, SecurityRule rule)
    {
        if (!RuleName().IsMatch(rule.Name))
        {
            throw new SecurityRuleException(group, rule.Name, RuleField.Name,
                "use up to 80 letters, digits, '_', '.' and '-', starting with a letter or digit and ending with one or '_'");
        }
        if (DefaultSecurityRules.IsDefaultName(rule.Name))
        {
            throw new SecurityRuleException(group, rule.Name, RuleField.Name, "is the name of a default rule; choose another");
        }
        if (rule.Priority is < SecurityRule.MinPriority or > SecurityRule.MaxPriority)
        {
            throw new SecurityRuleException(group, rule.Name, RuleField.Priority,
                $"{rule.Priority} is outside {SecurityRule.MinPriority}–{SecurityRule.MaxPriority} (lower numbers are evaluated first)");
        }
        if (!Enum.IsDefined(rule.Direction)) throw new SecurityRuleException(group, rule.Name, RuleField.Direction, "use inbound or outbound");
        if (!Enum.IsDefined(rule.Access)) throw new SecurityRuleException(group, rule.Name, RuleField.Access, "use allow or deny");
        if (!Enum.IsDefined(rule.Protocol)) throw new SecurityRuleException(group, rule.Name, RuleField.Protocol, "use tcp, udp, icmp or *");
        if (rule.Protocol == RuleProtocol.Icmp)
        {
            // Ports belong to TCP and UDP: an ICMP rule with ports could never match, which would hide a mistake.
            if (!rule.SourcePortRange.IsAny) throw new SecurityRuleException(group, rule.Name, RuleField.SourcePortRange, "icmp has no ports: use * or protocol tcp, udp or *");
            if (!rule.DestinationPortRange.IsAny) throw new SecurityRuleException(group, rule.Name, RuleField.DestinationPortRange, "icmp has no ports: use * or protocol tcp, udp or *");
        }
    }
}
