using System.Net;
using Flotilla.Balancer.Tests.Support;

namespace Flotilla.Balancer.Tests.L7;

/// <summary>Forward (with rewrites and X-Forwarded-*), static files, redirects and fixed statuses, against real Kestrel backends.</summary>
public sealed class RuleActionTests : IAsyncLifetime
{
    private readonly HttpClient _client = TestRouter.Client();
    private readonly TempDirectory _static = new();
    private Backend _app = null!;
    private TestRouter _router = null!;

    public async Task InitializeAsync()
    {
        _app = await Backend.StartAsync("app");
        _static.Write("site.css", "body { color: red }");
        _static.Write("img/logo.svg", "<svg/>");
        _static.Write("index.html", "<h1>home</h1>");
        _static.Write("docs/index.html", "docs index");
        _static.Write("docs/default.htm", "docs default");
        _static.Write("docs/none/readme.txt", "no index here");
        _router = await TestRouter.StartAsync($$"""
            routers:
              - name: r
                listeners: [ { address: 127.0.0.1, port: 0 } ]
                rules:
                  - { name: static, match: { path: { prefix: /static } }, static: {{_static.Path}} }
                  - { name: docs, match: { path: { prefix: /docs } }, static: {{_static.Path}}/docs, defaultDocuments: [default.htm, index.html] }
                  - { name: old, match: { path: { regex: '^/old/(.*)$' } }, redirect: { url: 'http://{HTTP_HOST}/new/{R:1}', status: 308 } }
                  - { name: legacy, match: { path: { prefix: /legacy } }, redirect: { url: '/v2{R:1}?from={REMOTE_ADDR}' } }
                  - { name: blocked, match: { path: { prefix: /admin } }, status: { code: 403, body: "no admin here\n" } }
                  - { name: images, match: { path: { regex: '^/img/(\w+)\.png$' } }, forward: app, rewritePath: '/images/{R:1}?size=large' }
                  - { name: api, match: { path: { prefix: /api } }, forward: app, rewritePath: '/v1{R:1}' }
                  - { name: tenant, match: { headers: { X-Tenant: { regex: '^(\w+)$' } } }, forward: app, rewritePath: '/tenants/{C:1}{URL}' }
                  - { name: rest, forward: app }
                farms:
                  - { name: app, members: [ { address: 127.0.0.1, port: {{_app.Port}} } ] }
            """);
    }

    private string Url(string path) => TestRouter.Url(_router.Port(), path);

    [Theory]
    [InlineData("/anything?q=1", "app GET /anything?q=1")]
    [InlineData("/img/logo.png?v=2", "app GET /images/logo?size=large")]
    [InlineData("/api/users?page=2", "app GET /v1/users?page=2")]
    [InlineData("/api", "app GET /v1")]
    public async Task Forward_sends_the_path_rewritten_as_the_rule_says(string path, string seen)
    {
        Assert.Equal(seen, await _client.GetStringAsync(Url(path)));
    }

    [Fact]
    public async Task A_condition_capture_reaches_the_rewrite()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("/orders?x=1"));
        request.Headers.Add("X-Tenant", "acme");
        using var response = await _client.SendAsync(request);
        Assert.Equal("app GET /tenants/acme/orders?x=1", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Forwarded_requests_carry_x_forwarded_for_proto_and_host()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("/who"));
        request.Headers.Host = "www.example.com";
        using var response = await _client.SendAsync(request);
        Assert.Equal("127.0.0.1", response.Headers.GetValues("X-Seen-For").Single());
        Assert.Equal("http", response.Headers.GetValues("X-Seen-Proto").Single());
        Assert.Equal("www.example.com", response.Headers.GetValues("X-Seen-Host").Single());
    }

    [Fact]
    public async Task Static_files_are_served_below_the_prefix_and_nothing_else_is()
    {
        using var css = await _client.GetAsync(Url("/static/site.css"));
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        Assert.Equal("body { color: red }", await css.Content.ReadAsStringAsync());
        Assert.Equal("<svg/>", await _client.GetStringAsync(Url("/static/img/logo.svg")));
        using var missing = await _client.GetAsync(Url("/static/nope.css"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var escape = await _client.GetAsync(Url("/static/..%2F..%2Fetc%2Fpasswd"));
        Assert.Equal(HttpStatusCode.NotFound, escape.StatusCode);
        using var post = await _client.PostAsync(Url("/static/site.css"), new StringContent("x"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(0, _app.Requests);
    }

    [Fact]
    public async Task A_directory_serves_its_index_document_and_one_without_stays_404()
    {
        using var index = await _client.GetAsync(Url("/static/"));
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType!.MediaType);
        Assert.Equal("<h1>home</h1>", await index.Content.ReadAsStringAsync());
        using var bare = await _client.GetAsync(Url("/static?v=1"));
        Assert.Equal(HttpStatusCode.MovedPermanently, bare.StatusCode);
        Assert.Equal("/static/?v=1", bare.Headers.Location!.OriginalString);
        using var noIndex = await _client.GetAsync(Url("/static/img/"));
        Assert.Equal(HttpStatusCode.NotFound, noIndex.StatusCode);

        // A configured list is tried in order; a directory with none of them is 404.
        Assert.Equal("docs default", await _client.GetStringAsync(Url("/docs/")));
        using var none = await _client.GetAsync(Url("/docs/none/"));
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        foreach (var escape in new[] { "/docs/..%2F", "/docs/..%2Findex.html" })
        {
            using var outside = await _client.GetAsync(Url(escape));
            Assert.NotEqual("<h1>home</h1>", await outside.Content.ReadAsStringAsync());
        }

        Assert.Equal(0, _app.Requests);
    }

    [Fact]
    public async Task Redirects_substitute_host_captures_and_variables()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("/old/a/b?c=d"));
        request.Headers.Host = "shop.example.com";
        using var old = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PermanentRedirect, old.StatusCode);
        Assert.Equal("http://shop.example.com/new/a/b", old.Headers.Location!.OriginalString);

        using var legacy = await _client.GetAsync(Url("/legacy/x"));
        Assert.Equal(HttpStatusCode.Found, legacy.StatusCode);
        Assert.Equal("/v2/x?from=127.0.0.1", legacy.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_status_rule_answers_itself()
    {
        using var response = await _client.GetAsync(Url("/admin/users"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("no admin here\n", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, _app.Requests);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _router.DisposeAsync();
        await _app.DisposeAsync();
        _static.Dispose();
    }
}
