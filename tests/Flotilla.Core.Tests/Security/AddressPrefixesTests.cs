using System.Net;
using Flotilla.Core.Security;

namespace Flotilla.Core.Tests.Security;

public sealed class AddressPrefixesTests
{
    [Theory]
    [InlineData("*", "*")]
    [InlineData("10.0.1.5", "10.0.1.5")]
    [InlineData("10.0.1.5/32", "10.0.1.5")]
    [InlineData("10.0.0.0/16", "10.0.0.0/16")]
    [InlineData("virtualnetwork", "VirtualNetwork")]
    [InlineData("Internet", "Internet")]
    [InlineData("AzureLoadBalancer", "AzureLoadBalancer")]
    [InlineData("LoadBalancer", "AzureLoadBalancer")]
    [InlineData("10.0.0.0/8, Internet", "10.0.0.0/8,Internet")]
    [InlineData("10.0.0.0/8,*", "*")]
    public void Parses_addresses_cidrs_tags_and_lists(string text, string canonical)
    {
        var prefixes = AddressPrefixes.Parse(text);

        Assert.Equal(canonical, prefixes.ToString());
        Assert.Equal(prefixes, AddressPrefixes.Parse(prefixes.ToString()));
    }

    [Fact]
    public void Entries_keep_their_kind()
    {
        var prefixes = AddressPrefixes.Parse("LoadBalancer,10.1.0.0/16");

        Assert.Equal(ServiceTag.AzureLoadBalancer, prefixes.Prefixes[0].Tag);
        Assert.Equal(IPNetwork.Parse("10.1.0.0/16"), prefixes.Prefixes[1].Network);
        Assert.True(AddressPrefixes.Parse("0.0.0.0/0").IsAny);
    }

    [Theory]
    [InlineData("10.0.0.1/24", "host bits set: write 10.0.0.0/24")]
    [InlineData("10.0.0.0/33", "prefix length")]
    [InlineData("fd00::/64", "IPv6")]
    [InlineData("10.0.0", "not an address prefix")]
    [InlineData("Storage", "VirtualNetwork, Internet, AzureLoadBalancer")]
    [InlineData("10.0.0.0/8,", "empty entry")]
    public void Rejects_what_is_not_an_address_prefix_and_says_why(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => AddressPrefixes.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
