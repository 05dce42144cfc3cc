using Flotilla.Core.Security;

namespace Flotilla.Core.Tests.Security;

public sealed class SecurityRuleTextTests
{
    private static readonly SecurityRuleText DenyHttp = new()
    {
        Name = "deny-http",
        Priority = 100,
        Direction = "Inbound",
        Access = "deny",
        Protocol = "TCP",
        DestinationPortRange = "80",
    };

    [Fact]
    public void Parses_azure_notation_in_any_case_with_omitted_fields_meaning_any()
    {
        var rule = DenyHttp.Parse("web");

        Assert.Equal(new SecurityRule
        {
            Name = "deny-http",
            Priority = 100,
            Direction = RuleDirection.Inbound,
            Access = RuleAccess.Deny,
            Protocol = RuleProtocol.Tcp,
            DestinationPortRange = PortRanges.Of(PortRange.Single(80)),
        }, rule);
        Assert.True(rule.SourcePortRange.IsAny);
        Assert.True(rule.SourceAddressPrefix.IsAny);
    }

    [Fact]
    public void Round_trips_through_canonical_text()
    {
        var rule = (DenyHttp with { SourceAddressPrefix = "loadbalancer,10.0.0.0/8", SourcePortRange = "1024-65535,22" }).Parse("web");

        var text = SecurityRuleText.From(rule);

        Assert.Equal("AzureLoadBalancer,10.0.0.0/8", text.SourceAddressPrefix);
        Assert.Equal("tcp", text.Protocol);
        Assert.Equal("inbound", text.Direction);
        Assert.Equal(rule, text.Parse("web"));
    }

    [Theory]
    [InlineData("priority", "nsg 'web' rule 'deny-http': priority: 99 is outside 100–4096")]
    [InlineData("direction", "nsg 'web' rule 'deny-http': direction: 'in' is not one of inbound, outbound")]
    [InlineData("access", "nsg 'web' rule 'deny-http': access: 'block' is not one of allow, deny")]
    [InlineData("protocol", "nsg 'web' rule 'deny-http': protocol: 'sctp' is not one of *, any, tcp, udp, icmp")]
    [InlineData("port", "nsg 'web' rule 'deny-http': destinationPortRange: 'http' is not a port range")]
    [InlineData("source-port", "nsg 'web' rule 'deny-http': sourcePortRange: '99999' is not a port range")]
    [InlineData("source", "nsg 'web' rule 'deny-http': sourceAddressPrefix: '10.0.0.1/8' has host bits set: write 10.0.0.0/8")]
    [InlineData("destination", "nsg 'web' rule 'deny-http': destinationAddressPrefix: 'fd00::1' is IPv6")]
    [InlineData("icmp", "nsg 'web' rule 'deny-http': destinationPortRange: icmp has no ports")]
    public void Errors_are_one_line_naming_group_rule_and_field(string field, string expected)
    {
        var text = field switch
        {
            "priority" => DenyHttp with { Priority = 99 },
            "direction" => DenyHttp with { Direction = "in" },
            "access" => DenyHttp with { Access = "block" },
            "protocol" => DenyHttp with { Protocol = "sctp" },
            "port" => DenyHttp with { DestinationPortRange = "http" },
            "source-port" => DenyHttp with { SourcePortRange = "99999" },
            "source" => DenyHttp with { SourceAddressPrefix = "10.0.0.1/8" },
            "destination" => DenyHttp with { DestinationAddressPrefix = "fd00::1" },
            _ => DenyHttp with { Protocol = "icmp" },
        };

        var error = Assert.Throws<SecurityRuleException>(() => text.Parse("web"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal("deny-http", error.Rule);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-deny")]
    [InlineData("deny http")]
    [InlineData("deny.")]
    [InlineData("DenyAllInBound")]
    public void Rule_names_follow_azure_and_cannot_be_a_default_rules(string name)
    {
        var error = Assert.Throws<SecurityRuleException>(() => (DenyHttp with { Name = name }).Parse("web"));

        Assert.Equal(RuleField.Name, error.Field);
    }
}
