using Flotilla.Balancer.Tests.Support;

namespace Flotilla.Balancer.Tests.L7;

/// <summary>
/// Every condition of <c>match:</c>, through a real router on loopback: each rule answers its own
/// name, so the body says which rule took the request; the last rule takes the rest.
/// </summary>
public sealed class RuleConditionTests : IAsyncLifetime
{
    private const string Yaml = """
        routers:
          - name: r
            listeners: [ { address: 127.0.0.1, port: 0 } ]
            rules:
              - { name: first-wins, match: { path: { exact: /both } }, status: { code: 200, body: first-wins } }
              - { name: shadowed, match: { path: { exact: /both } }, status: { code: 200, body: shadowed } }
              - { name: host-exact, match: { host: shop.example.com }, status: { code: 200, body: host-exact } }
              - { name: host-wildcard, match: { host: '*.example.com' }, status: { code: 200, body: host-wildcard } }
              - { name: prefix, match: { path: { prefix: /api } }, status: { code: 200, body: prefix } }
              - { name: regex, match: { path: { regex: '^/item/\d+$' } }, status: { code: 200, body: regex } }
              - { name: extension, match: { path: { extension: [css, .js] } }, status: { code: 200, body: extension } }
              - { name: method, match: { method: [DELETE, PATCH] }, status: { code: 200, body: method } }
              - { name: header-equals, match: { headers: { X-Tier: gold } }, status: { code: 200, body: header-equals } }
              - { name: header-regex, match: { headers: { X-Version: { regex: '^v[23]$' } } }, status: { code: 200, body: header-regex } }
              - { name: header-present, match: { path: { exact: /h }, headers: { X-Debug: { present: true } } }, status: { code: 200, body: header-present } }
              - { name: header-absent, match: { path: { exact: /h }, headers: { X-Debug: { present: false } } }, status: { code: 200, body: header-absent } }
              - { name: query, match: { query: { lang: ko } }, status: { code: 200, body: query } }
              - { name: cookie, match: { cookies: { tier: { contains: beta } } }, status: { code: 200, body: cookie } }
              - { name: user-agent, match: { userAgent: { regex: 'Mobile|Android' } }, status: { code: 200, body: user-agent } }
              - { name: client-elsewhere, match: { path: { exact: /c }, clientAddress: [10.0.0.0/8] }, status: { code: 200, body: client-elsewhere } }
              - { name: client-here, match: { path: { exact: /c }, clientAddress: [127.0.0.0/8] }, status: { code: 200, body: client-here } }
              - { name: https-only, match: { path: { exact: /s }, https: true }, status: { code: 200, body: https-only } }
              - { name: variable, match: { variable: { name: QUERY_STRING, pattern: 'debug=1' } }, status: { code: 200, body: variable } }
              - { name: header-variable, match: { variable: { name: HTTP_X_ROLE, pattern: '^admin$' } }, status: { code: 200, body: header-variable } }
              - { name: negated, match: { path: { exact: /n }, variable: { name: REQUEST_METHOD, pattern: '^GET$', negate: true } }, status: { code: 200, body: negated } }
              - { name: rest, status: { code: 404, body: rest } }
        """;

    private TestRouter _router = null!;
    private readonly HttpClient _client = TestRouter.Client();

    public async Task InitializeAsync() => _router = await TestRouter.StartAsync(Yaml);

    [Theory]
    [InlineData("GET", "/both", null, null, "first-wins")]
    [InlineData("GET", "/", "Host", "shop.example.com", "host-exact")]
    [InlineData("GET", "/", "Host", "SHOP.example.com:8080", "host-exact")]
    [InlineData("GET", "/", "Host", "a.b.example.com", "host-wildcard")]
    [InlineData("GET", "/", "Host", "example.com", "rest")]
    [InlineData("GET", "/api", null, null, "prefix")]
    [InlineData("GET", "/api/users?x=1", null, null, "prefix")]
    [InlineData("GET", "/apis", null, null, "rest")]
    [InlineData("GET", "/item/42", null, null, "regex")]
    [InlineData("GET", "/item/4x", null, null, "rest")]
    [InlineData("GET", "/site/a.CSS", null, null, "extension")]
    [InlineData("GET", "/site/a.js", null, null, "extension")]
    [InlineData("GET", "/site/a.jsx", null, null, "rest")]
    [InlineData("DELETE", "/x", null, null, "method")]
    [InlineData("PUT", "/x", null, null, "rest")]
    [InlineData("GET", "/", "X-Tier", "gold", "header-equals")]
    [InlineData("GET", "/", "X-Tier", "Gold", "rest")]
    [InlineData("GET", "/", "X-Version", "v3", "header-regex")]
    [InlineData("GET", "/", "X-Version", "v4", "rest")]
    [InlineData("GET", "/h", "X-Debug", "", "header-present")]
    [InlineData("GET", "/h", null, null, "header-absent")]
    [InlineData("GET", "/?lang=ko", null, null, "query")]
    [InlineData("GET", "/?lang=en", null, null, "rest")]
    [InlineData("GET", "/", "Cookie", "a=1; tier=open-beta-2", "cookie")]
    [InlineData("GET", "/", "Cookie", "a=1; tier=stable", "rest")]
    [InlineData("GET", "/", "User-Agent", "Mozilla/5.0 (Linux; Android 14)", "user-agent")]
    [InlineData("GET", "/", "User-Agent", "curl/8.5", "rest")]
    [InlineData("GET", "/c", null, null, "client-here")]
    [InlineData("GET", "/s", null, null, "rest")]
    [InlineData("GET", "/?a=2&debug=1", null, null, "variable")]
    [InlineData("GET", "/", "X-Role", "admin", "header-variable")]
    [InlineData("GET", "/", "X-Role", "administrator", "rest")]
    [InlineData("POST", "/n", null, null, "negated")]
    [InlineData("GET", "/n", null, null, "rest")]
    public async Task The_first_rule_whose_conditions_all_hold_answers(string method, string path, string? header, string? value, string rule)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), TestRouter.Url(_router.Port(), path));
        if (header == "Host")
        {
            request.Headers.Host = value;
        }
        else if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        using var response = await _client.SendAsync(request);
        Assert.Equal(rule, await response.Content.ReadAsStringAsync());
        Assert.Equal(rule == "rest" ? 404 : 200, (int)response.StatusCode);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _router.DisposeAsync();
    }
}
