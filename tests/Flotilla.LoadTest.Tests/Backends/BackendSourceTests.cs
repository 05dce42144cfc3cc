using System.Text;
using Flotilla.LoadTest.Backends;
using Flotilla.LoadTest.Http;

namespace Flotilla.LoadTest.Tests.Backends;

public sealed class BackendSourceTests
{
    [Theory]
    [InlineData("Hello from VM 0\n", "Hello from VM 0")]
    [InlineData("\r\n  Hello from VM 1\r\n<p>more</p>", "Hello from VM 1")]
    [InlineData("one line, no newline  ", "one line, no newline")]
    [InlineData("", "")]
    public void The_body_names_its_backend_by_its_first_line(string body, string expected)
    {
        var response = new HttpResponse { Status = 200, Body = Encoding.UTF8.GetBytes(body), BodyLength = body.Length };

        Assert.Equal(expected, Key(BackendSource.Body, response));
    }

    [Fact]
    public void A_header_names_the_backend_whatever_its_case_and_the_body()
    {
        var source = BackendSource.Parse("header:X-Backend");
        var response = new HttpResponse { Status = 503, Headers = [new("x-backend", " web-2 ")], Body = "Service Unavailable"u8.ToArray() };

        Assert.Equal("web-2", Key(source, response));
        Assert.Equal("", Key(source, new HttpResponse { Status = 200, Body = "Hello"u8.ToArray() }));
    }

    [Fact]
    public void A_request_without_a_response_names_no_backend()
    {
        Assert.Equal("", Key(BackendSource.Body, new HttpResponse { Error = HttpErrorKind.Refused }));
    }

    [Theory]
    [InlineData("body", "body")]
    [InlineData("BODY", "body")]
    [InlineData("header:X-Backend", "header:X-Backend")]
    public void Parses_body_and_header_NAME(string text, string shown)
    {
        Assert.Equal(shown, BackendSource.Parse(text).ToString());
    }

    [Theory]
    [InlineData("status")]
    [InlineData("header:")]
    [InlineData("header:X Backend")]
    public void Anything_else_is_refused_naming_the_flag(string text)
    {
        var e = Assert.Throws<LoadTestInputException>(() => BackendSource.Parse(text));
        Assert.StartsWith("--backend-from:", e.Message);
    }

    private static string Key(BackendSource source, HttpResponse response)
    {
        Span<byte> buffer = stackalloc byte[600];
        return Encoding.UTF8.GetString(source.KeyOf(response, buffer));
    }
}
