using Flotilla.Cli.Commands;
using Flotilla.Cli.Commands.Vm;

namespace Flotilla.Cli.Tests.Commands.Vm;

public sealed class ForwardTextTests
{
    [Theory]
    [InlineData("18080:80", "18080:80")]
    [InlineData("1:65535", "1:65535")]
    [InlineData("018080:080", "18080:80")]
    public void Two_ports_are_a_forward(string text, string expected) => Assert.Equal(expected, ForwardText.Parse(text).ToString());

    [Theory]
    [InlineData("18080")]
    [InlineData("18080:80:1")]
    [InlineData("0:80")]
    [InlineData("18080:65536")]
    [InlineData("-1:80")]
    [InlineData(" 18080:80")]
    [InlineData("127.0.0.1:18080:80")]
    [InlineData("")]
    public void Anything_else_is_bad_input(string text)
    {
        var e = Assert.Throws<UserInputException>(() => ForwardText.Parse(text));
        Assert.Equal($"--forward: '{text}' is not HOSTPORT:GUESTPORT with ports 1-65535 (e.g. 18080:80)", e.Message);
    }
}
