namespace Flotilla.Core.Security;

/// <summary>
/// Azure's default rules, which every group ends with after its own: traffic within the network and from the
/// balancer is allowed in, traffic anywhere is allowed out, and nothing else. A user rule of lower priority overrides them.
/// </summary>
public static class DefaultSecurityRules
{
    public static IReadOnlyList<SecurityRule> Inbound { get; } =
    [
        Rule("AllowVnetInBound", 65000, RuleDirection.Inbound, RuleAccess.Allow, AddressPrefixes.Of(ServiceTag.VirtualNetwork), AddressPrefixes.Of(ServiceTag.VirtualNetwork)),
        Rule("AllowAzureLoadBalancerInBound", 65001, RuleDirection.Inbound, RuleAccess.Allow, AddressPrefixes.Of(ServiceTag.AzureLoadBalancer), AddressPrefixes.Any),
        Rule("DenyAllInBound", 65500, RuleDirection.Inbound, RuleAccess.Deny, AddressPrefixes.Any, AddressPrefixes.Any),
    ];

    public static IReadOnlyList<SecurityRule> Outbound { get; } =
    [
        Rule("AllowVnetOutBound", 65000, RuleDirection.Outbound, RuleAccess.Allow, AddressPrefixes.Of(ServiceTag.VirtualNetwork), AddressPrefixes.Of(ServiceTag.VirtualNetwork)),
        Rule("AllowInternetOutBound", 65001, RuleDirection.Outbound, RuleAccess.Allow, AddressPrefixes.Any, AddressPrefixes.Of(ServiceTag.Internet)),
        Rule("DenyAllOutBound", 65500, RuleDirection.Outbound, RuleAccess.Deny, AddressPrefixes.Any, AddressPrefixes.Any),
    ];

    public static IReadOnlyList<SecurityRule> For(RuleDirection direction) => direction == RuleDirection.Inbound ? Inbound : Outbound;

    /// <summary>A user may not reuse a default rule's name: effective-rule listings would show two of it.</summary>
    public static bool IsDefaultName(string name) =>
        Inbound.Concat(Outbound).Any(rule => rule.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    private static SecurityRule Rule(string name, int priority, RuleDirection direction, RuleAccess access, AddressPrefixes source, AddressPrefixes destination) => new()
    {
        Name = name,
        Priority = priority,
        Direction = direction,
        Access = access,
        SourceAddressPrefix = source,
        DestinationAddressPrefix = destination,
    };
}
