using Flotilla.LoadTest.Scripting.Modules;

namespace Flotilla.LoadTest.Tests.Scripting.Modules;

public sealed class HeaderNamesTests
{
    [Theory]
    [InlineData("content-type", "Content-Type")]
    [InlineData("CONTENT-LENGTH", "Content-Length")]
    [InlineData("x-request-id", "X-Request-Id")]
    [InlineData("Server", "Server")]
    [InlineData("www-authenticate", "Www-Authenticate")]
    [InlineData("x--double", "X--Double")]
    [InlineData("bad header", "bad header")]
    [InlineData("ünicode", "ünicode")]
    public void Canonicalises_as_go_does(string raw, string canonical) => Assert.Equal(canonical, HeaderNames.Canonical(raw));
}
