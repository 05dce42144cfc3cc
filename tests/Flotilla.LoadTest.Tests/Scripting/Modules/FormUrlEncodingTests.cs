using Flotilla.LoadTest.Scripting.Modules;

namespace Flotilla.LoadTest.Tests.Scripting.Modules;

public sealed class FormUrlEncodingTests
{
    [Fact]
    public void Encodes_as_gos_url_values_sorted_with_plus_for_space() =>
        Assert.Equal("a=1&b=two+words&c=%C3%A9%26%3D%2B%2F~-_.", FormUrlEncoding.Encode([new("c", "é&=+/~-_."), new("a", "1"), new("b", "two words")]));

    [Fact]
    public void Escapes_keys_too_and_keeps_empty_values() =>
        Assert.Equal("a+b=&k%3D=v", FormUrlEncoding.Encode([new("k=", "v"), new("a b", "")]));
}
