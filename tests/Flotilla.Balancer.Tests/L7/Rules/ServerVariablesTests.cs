using System.Net;
using Flotilla.Balancer.L7.Rules;
using Microsoft.AspNetCore.Http;

namespace Flotilla.Balancer.Tests.L7.Rules;

public sealed class ServerVariablesTests
{
    private static DefaultHttpContext Request()
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = "POST";
        request.Scheme = "https";
        request.IsHttps = true;
        request.Host = new HostString("Shop.Example", 8443);
        request.Path = "/cart/item.aspx";
        request.QueryString = new QueryString("?id=7&x=1");
        request.Protocol = "HTTP/1.1";
        request.ContentType = "text/plain";
        request.ContentLength = 12;
        request.Headers.UserAgent = "Mozilla/5.0";
        request.Headers.Cookie = "a=1; b=2";
        request.Headers["X-Forwarded-For"] = "10.1.1.1";
        context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.10");
        context.Connection.RemotePort = 50123;
        context.Connection.LocalIpAddress = IPAddress.Parse("198.51.100.1");
        context.Connection.LocalPort = 8443;
        return context;
    }

    [Theory]
    [InlineData("HTTP_HOST", "Shop.Example:8443")]
    [InlineData("http_host", "Shop.Example:8443")]
    [InlineData("SERVER_NAME", "Shop.Example")]
    [InlineData("URL", "/cart/item.aspx")]
    [InlineData("SCRIPT_NAME", "/cart/item.aspx")]
    [InlineData("PATH_INFO", "/cart/item.aspx")]
    [InlineData("REQUEST_URI", "/cart/item.aspx?id=7&x=1")]
    [InlineData("QUERY_STRING", "id=7&x=1")]
    [InlineData("HTTP_USER_AGENT", "Mozilla/5.0")]
    [InlineData("HTTP_COOKIE", "a=1; b=2")]
    [InlineData("HTTP_X_FORWARDED_FOR", "10.1.1.1")]
    [InlineData("REMOTE_ADDR", "192.0.2.10")]
    [InlineData("REMOTE_HOST", "192.0.2.10")]
    [InlineData("REMOTE_PORT", "50123")]
    [InlineData("REMOTE_USER", "")]
    [InlineData("REQUEST_METHOD", "POST")]
    [InlineData("SERVER_PORT", "8443")]
    [InlineData("SERVER_PORT_SECURE", "1")]
    [InlineData("SERVER_ADDR", "198.51.100.1")]
    [InlineData("LOCAL_ADDR", "198.51.100.1")]
    [InlineData("SERVER_PROTOCOL", "HTTP/1.1")]
    [InlineData("HTTPS", "on")]
    [InlineData("CONTENT_TYPE", "text/plain")]
    [InlineData("CONTENT_LENGTH", "12")]
    [InlineData("GATEWAY_INTERFACE", "CGI/1.1")]
    public void Variables_read_the_request_as_iis_names_them(string name, string expected) =>
        Assert.Equal(expected, ServerVariables.Get(Request(), name));

    [Theory]
    [InlineData("HTTP_REFERER")]
    [InlineData("CERT_SUBJECT")]
    [InlineData("APPL_PHYSICAL_PATH")]
    [InlineData("NO_SUCH_VARIABLE")]
    public void Absent_and_iis_only_variables_are_empty_as_iis_gives_them(string name) => Assert.Equal("", ServerVariables.Get(Request(), name));

    [Fact]
    public void Every_variable_of_seed_002_is_known_and_none_throws()
    {
        var context = Request();
        Assert.All(ServerVariables.Names, name => ServerVariables.Get(context, name));
    }

    [Fact]
    public void All_http_lists_headers_as_cgi_names()
    {
        var all = ServerVariables.Get(Request(), "ALL_HTTP")!;
        Assert.Contains("HTTP_USER_AGENT:Mozilla/5.0", all.Split('\n'));
        Assert.Contains("HTTP_X_FORWARDED_FOR:10.1.1.1", all.Split('\n'));
    }

    [Fact]
    public void A_plain_request_has_https_off_and_no_query()
    {
        var context = new DefaultHttpContext();
        Assert.Equal("off", ServerVariables.Get(context, "HTTPS"));
        Assert.Equal("", ServerVariables.Get(context, "QUERY_STRING"));
    }
}
