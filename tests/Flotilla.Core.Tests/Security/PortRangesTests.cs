using Flotilla.Core.Security;

namespace Flotilla.Core.Tests.Security;

public sealed class PortRangesTests
{
    [Theory]
    [InlineData("*", "*")]
    [InlineData("any", "*")]
    [InlineData("80", "80")]
    [InlineData("8000-8080", "8000-8080")]
    [InlineData("80, 443,8000-8080", "80,443,8000-8080")]
    [InlineData("0-65535", "0-65535")]
    public void Parses_any_a_port_a_range_and_a_list(string text, string canonical)
    {
        var ports = PortRanges.Parse(text);

        Assert.Equal(canonical, ports.ToString());
        Assert.Equal(ports, PortRanges.Parse(ports.ToString()));
    }

    [Fact]
    public void The_whole_range_is_any()
    {
        Assert.True(PortRanges.Parse("0-65535").IsAny);
        Assert.True(PortRanges.Parse("22,0-65535").IsAny);
        Assert.False(PortRanges.Parse("1-65535").IsAny);
    }

    [Theory]
    [InlineData("")]
    [InlineData("http")]
    [InlineData("80-70")]
    [InlineData("65536")]
    [InlineData("80,")]
    [InlineData("-80")]
    [InlineData("+80")]
    public void Rejects_what_is_not_a_port_range(string text)
    {
        var error = Assert.Throws<FormatException>(() => PortRanges.Parse(text));

        Assert.Contains("8000-8080", error.Message, StringComparison.Ordinal); // says what to write
    }
}
