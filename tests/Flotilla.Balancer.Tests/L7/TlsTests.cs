using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Flotilla.Balancer.Tests.Support;

namespace Flotilla.Balancer.Tests.L7;

/// <summary>TLS termination from PEM files: SNI picks the certificate, HTTP/2 by ALPN, and the plain listener redirects to HTTPS.</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly TempDirectory _certificates = new();
    private (string Cert, string Key, string Thumbprint) _shop;
    private (string Cert, string Key, string Thumbprint) _blog;
    private Backend _app = null!;
    private TestRouter _router = null!;

    public async Task InitializeAsync()
    {
        _shop = TestCertificates.Write(_certificates, "shop", "shop.example.com");
        _blog = TestCertificates.Write(_certificates, "blog", "blog.example.com", "*.blog.example.com");
        _app = await Backend.StartAsync("app");
        _router = await TestRouter.StartAsync($$"""
            routers:
              - name: r
                listeners:
                  - { address: 127.0.0.1, port: 0 }
                  - address: 127.0.0.2
                    port: 0
                    tls:
                      certificates:
                        - { hosts: [shop.example.com], cert: {{_shop.Cert}}, key: {{_shop.Key}} }
                        - { hosts: [blog.example.com, '*.blog.example.com'], cert: {{_blog.Cert}}, key: {{_blog.Key}} }
                rules:
                  - { name: to-https, match: { https: false }, redirect: { url: 'https://{SERVER_NAME}{REQUEST_URI}', status: 301 } }
                  - { name: who, match: { path: { exact: /cert }, variable: [ { name: HTTPS, pattern: '^on$' }, { name: HTTPS_SERVER_SUBJECT, pattern: 'CN=shop' } ] }, status: { code: 200, body: tls-shop } }
                  - { name: app, forward: app }
                farms:
                  - { name: app, members: [ { address: 127.0.0.1, port: {{_app.Port}} } ] }
            """);
    }

    private int TlsPort => _router.Port(0, "127.0.0.2");

    [Theory]
    [InlineData("shop.example.com", "shop")]
    [InlineData("blog.example.com", "blog")]
    [InlineData("www.blog.example.com", "blog")]
    [InlineData("unknown.test", "shop")]
    public async Task Sni_picks_the_certificate_of_the_host_name(string serverName, string expected)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Parse("127.0.0.2"), TlsPort);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        var thumbprint = tls.RemoteCertificate!.GetCertHashString();
        Assert.Equal(expected == "shop" ? _shop.Thumbprint : _blog.Thumbprint, thumbprint);
    }

    [Fact]
    public async Task Http2_is_negotiated_over_tls_and_the_request_is_forwarded()
    {
        using var client = TestRouter.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://127.0.0.2:{TlsPort}/hello")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Host = "shop.example.com";
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("app GET /hello", await response.Content.ReadAsStringAsync());
        Assert.Equal("https", response.Headers.GetValues("X-Seen-Proto").Single());
    }

    [Fact]
    public async Task Plain_http_is_redirected_to_https_and_https_is_seen_as_on()
    {
        using var client = TestRouter.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, TestRouter.Url(_router.Port(), "/cart?id=7"));
        request.Headers.Host = "shop.example.com:8080";
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("https://shop.example.com/cart?id=7", response.Headers.Location!.OriginalString);

        using var secure = new HttpRequestMessage(HttpMethod.Get, $"https://127.0.0.2:{TlsPort}/cert");
        secure.Headers.Host = "shop.example.com";
        using var answer = await client.SendAsync(secure);
        Assert.Equal("tls-shop", await answer.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        await _router.DisposeAsync();
        await _app.DisposeAsync();
        _certificates.Dispose();
    }
}
