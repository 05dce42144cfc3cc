using Flotilla.Core.Naming;
using Flotilla.Core.Security;

namespace Flotilla.Core.Tests.Security;

public sealed class SecurityGroupTests
{
    private static SecurityRule Rule(string name, int priority, RuleDirection direction = RuleDirection.Inbound) => new()
    {
        Name = name,
        Priority = priority,
        Direction = direction,
        Access = RuleAccess.Allow,
    };

    [Fact]
    public void Effective_rules_are_the_users_by_priority_then_azures_defaults()
    {
        var group = new SecurityGroup { Name = "web" }
            .WithRule(Rule("late", 300))
            .WithRule(Rule("early", 100))
            .WithRule(Rule("out", 100, RuleDirection.Outbound));

        Assert.Equal(
            ["early", "late", "AllowVnetInBound", "AllowAzureLoadBalancerInBound", "DenyAllInBound"],
            group.EffectiveRules(RuleDirection.Inbound).Select(r => r.Name));
        Assert.Equal(
            ["out", "AllowVnetOutBound", "AllowInternetOutBound", "DenyAllOutBound"],
            group.EffectiveRules(RuleDirection.Outbound).Select(r => r.Name));
        Assert.Equal([65000, 65001, 65500], group.EffectiveRules(RuleDirection.Outbound).Skip(1).Select(r => r.Priority));
    }

    [Fact]
    public void An_empty_group_has_only_the_defaults()
    {
        var inbound = new SecurityGroup { Name = "empty" }.EffectiveRules(RuleDirection.Inbound);

        Assert.All(inbound, rule => Assert.True(rule.IsDefault));
        Assert.Equal(RuleAccess.Deny, inbound[^1].Access);
        Assert.True(inbound[^1].SourceAddressPrefix.IsAny);
        Assert.Equal(ServiceTag.AzureLoadBalancer, inbound[1].SourceAddressPrefix.Prefixes.Single().Tag);
    }

    [Fact]
    public void Priorities_are_unique_per_direction_only()
    {
        var group = new SecurityGroup { Name = "web" }.WithRule(Rule("a", 100)).WithRule(Rule("b", 100, RuleDirection.Outbound));

        var error = Assert.Throws<SecurityRuleException>(() => group.WithRule(Rule("c", 100)));

        Assert.Equal(RuleField.Priority, error.Field);
        Assert.Equal("nsg 'web' rule 'c': priority: 100 is already used by inbound rule 'a'; priorities are unique per direction", error.Message);
    }

    [Fact]
    public void Names_are_unique_in_a_group_whatever_the_case()
    {
        var group = new SecurityGroup { Name = "web" }.WithRule(Rule("allow-http", 100));

        var error = Assert.Throws<SecurityRuleException>(() => group.WithRule(Rule("Allow-HTTP", 200)));

        Assert.Equal(RuleField.Name, error.Field);
    }

    [Fact]
    public void Rules_are_removed_by_name_but_defaults_stay()
    {
        var group = new SecurityGroup { Name = "web" }.WithRule(Rule("a", 100)).WithRule(Rule("b", 200));

        Assert.Equal(["b"], group.WithoutRule("A").Rules.Select(r => r.Name));
        Assert.Contains("default rules cannot be removed", Assert.Throws<SecurityRuleException>(() => group.WithoutRule("DenyAllInBound")).Message, StringComparison.Ordinal);
        Assert.Contains("no such rule", Assert.Throws<SecurityRuleException>(() => group.WithoutRule("zzz")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Group_names_are_resource_names()
    {
        Assert.Throws<InvalidNameException>(() => SecurityGroupValidator.Validate(new SecurityGroup { Name = "Web NSG" }));
    }
}
