using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.Configuration.Routers;
using Flotilla.Balancer.L7.Rules;
using Flotilla.Balancer.Tests.Support;
using Flotilla.Core.Specs;

namespace Flotilla.Balancer.Tests.Configuration.Routers;

public sealed class RouterConfigReaderTests
{
    // Line numbers in the theory below count from here: keep the layout.
    private const string Valid = """
        admin: { address: 127.0.0.1, port: 9900 }
        balancers:
          - name: web
            frontendAddress: 127.0.0.1
            backendPools: [ { name: vms, members: [ { address: 127.0.0.1, port: 18001 } ] } ]
            rules: [ { name: http, frontendPort: 8080, backendPool: vms } ]
        routers:
          - name: front
            listeners:
              - { address: 127.0.0.1, port: 8081 }
            rules:
              - name: images
                match: { path: { regex: '^/img/(\w+)\.png$' }, method: [GET, HEAD] }
                forward: app
                rewritePath: /images/{R:1}
              - name: api
                match:
                  host: [api.example.com, '*.api.example.com']
                  headers: { X-Version: { regex: 'v(\d+)' }, X-Debug: { present: false } }
                  query: { beta: '1' }
                  cookies: { user: { contains: adm } }
                  userAgent: { contains: curl, ignoreCase: true }
                  clientAddress: [10.0.0.0/8, 127.0.0.1]
                  variable: { name: SERVER_PORT, pattern: '^80', negate: true }
                forward: app
                rewritePath: '/v{C:1}{URL}'
              - name: old
                match: { path: { prefix: /old } }
                redirect: { url: 'https://{HTTP_HOST}/new{R:1}', status: 301 }
              - name: gone
                match: { path: { extension: [php, .asp] } }
                status: { code: 410, body: gone }
            farms:
              - name: app
                algorithm: hash
                hashOn: header:X-User
                affinity: { mode: cookie }
                health:
                  active: { path: /healthz, interval: 2, timeout: 1, expectStatus: 200-299, expectBody: ok }
                  passive: { consecutiveFailures: 2, ejectFor: 10 }
                retries: 1
                timeouts: { connect: 2, request: 30 }
                members:
                  - { address: 127.0.0.1, port: 18101, weight: 3 }
                  - { address: 127.0.0.1, port: 18102 }
        """;

    [Fact]
    public void Every_key_reads()
    {
        var router = Assert.Single(LbConfigReader.Parse(Valid).Routers);
        Assert.Equal("front", router.Name);
        Assert.Equal("/run/flotilla-lb/front.affinity.sqlite", router.AffinityStore);
        Assert.Equal(["images", "api", "old", "gone"], router.Rules.Select(r => r.Name));
        var images = router.Rules[0];
        Assert.Equal(new ForwardActionConfig { Farm = "app", RewritePath = "/images/{R:1}" }, images.Action);
        Assert.Equal(["GET", "HEAD"], images.Match.Methods);
        var api = router.Rules[1].Match;
        Assert.Equal(["api.example.com", "*.api.example.com"], api.Hosts);
        Assert.Equal(ValueMatchKind.Absent, api.Headers[1].Match.Kind);
        Assert.Equal(new NamedValueMatch("beta", new ValueMatchConfig { Kind = ValueMatchKind.Equals, Value = "1" }), api.Query[0]);
        Assert.True(api.UserAgent!.IgnoreCase);
        Assert.True(api.Variables[0].Negate);
        Assert.Equal(new RedirectActionConfig { Url = "https://{HTTP_HOST}/new{R:1}", Status = 301 }, router.Rules[2].Action);
        Assert.Equal([".php", ".asp"], router.Rules[3].Match.Path!.Values);
        var farm = Assert.Single(router.Farms);
        Assert.Equal((FarmAlgorithm.Hash, "header:X-User", "ARRAffinity"), (farm.Algorithm, farm.HashOn, farm.Affinity!.CookieName));
        Assert.Equal(new ActiveHealthConfig { Path = "/healthz", IntervalSeconds = 2, TimeoutSeconds = 1, ExpectStatus = "200-299", ExpectBody = "ok" }, farm.ActiveHealth);
        Assert.Equal(new PassiveHealthConfig { ConsecutiveFailures = 2, EjectForSeconds = 10 }, farm.PassiveHealth);
        Assert.Equal((1, 2, 30, 3), (farm.Retries, farm.ConnectTimeoutSeconds, farm.RequestTimeoutSeconds, farm.Members[0].Weight));
    }

    [Theory]
    [InlineData("forward: app\n        rewritePath: /images", "forward: ap\n        rewritePath: /images", "lb.yaml:14:", "routers[0].rules[0].forward", "unknown farm 'ap' (known: app)")]
    [InlineData(@"regex: '^/img/(\w+)\.png$'", @"regex: '^/img/(\w+\.png$'", "lb.yaml:13:", "routers[0].rules[0].match.path.regex", "bad regex: Invalid pattern '^/img/(\\w+\\.png$' at offset 16. Not enough )'s.")]
    [InlineData("rewritePath: /images/{R:1}", "rewritePath: /images/{R:2}", "lb.yaml:15:", "routers[0].rules[0].rewritePath", "'{R:2}': the path match has groups 0..1")]
    [InlineData("rewritePath: '/v{C:1}{URL}'", "rewritePath: '/v{C:1}{NOPE}'", "lb.yaml:26:", "routers[0].rules[1].rewritePath", "'{NOPE}' is neither {R:n}, {C:n} nor a server variable")]
    [InlineData("name: SERVER_PORT", "name: SERVER_PORTS", "lb.yaml:24:", "routers[0].rules[1].match.variable.name", "'SERVER_PORTS' is not a server variable")]
    [InlineData("clientAddress: [10.0.0.0/8", "clientAddress: [10.0.0.0/33", "lb.yaml:23:", "routers[0].rules[1].match.clientAddress[0]", "'10.0.0.0/33' is not an address or CIDR network (10.0.0.0/8)")]
    [InlineData("status: 301 }", "status: 200 }", "lb.yaml:29:", "routers[0].rules[2].redirect.status", "200 is not a redirect status (301, 302, 303, 307, 308)")]
    [InlineData("{ prefix: /old }", "{ prefix: old }", "lb.yaml:28:", "routers[0].rules[2].match.path.prefix", "must start with '/', got 'old'")]
    [InlineData("{ prefix: /old }", "{ prefix: /old, exact: /old }", "lb.yaml:28:", "routers[0].rules[2].match.path.exact", "give exactly one of prefix, exact, regex, extension")]
    [InlineData("status: { code: 410", "forward: app\n        status: { code: 410", "lb.yaml:33:", "routers[0].rules[3].status", "a rule has one action; this one already has 'forward'")]
    [InlineData("hashOn: header:X-User", "hashOn: cookie:x", "lb.yaml:36:", "routers[0].farms[0].hashOn", "'cookie:x' is not url, query, header:NAME or var:SERVER_VARIABLE")]
    [InlineData("algorithm: hash", "algorithm: random", "lb.yaml:35:", "routers[0].farms[0].algorithm", "'random' is not one of: RoundRobin, WeightedRoundRobin, LeastRequests, LeastResponseTime, PowerOfTwoChoices, Hash")]
    [InlineData("expectStatus: 200-299", "expectStatus: 299-200", "lb.yaml:39:", "routers[0].farms[0].health.active.expectStatus", "'299-200' is not a status (200) or range (200-399)")]
    [InlineData("{ mode: cookie }", "{ mode: ip }", "lb.yaml:37:", "routers[0].farms[0].affinity.mode", "'ip' is not one of: cookie, hostName")]
    [InlineData("port: 18102 }", "port: 18101 }", "lb.yaml:45:", "routers[0].farms[0].members[1].address", "member 127.0.0.1:18101 is listed twice in farm 'app'")]
    [InlineData("{ address: 127.0.0.1, port: 8081 }", "{ address: 127.0.0.1, port: 8080 }", "lb.yaml:10:", "routers[0].listeners[0].port", "tcp 127.0.0.1:8080 is already used by rule web/http")]
    [InlineData("{ address: 127.0.0.1, port: 8081 }", "{ address: 0.0.0.0, port: 9900 }", "lb.yaml:1:", "admin.port", "9900 is already used by router front")]
    [InlineData("retries: 1", "retrys: 1", "lb.yaml:41:", "routers[0].farms[0].retrys", "unknown key")]
    [InlineData("cookies: { user: { contains: adm } }", "cookies: { user: { contains: adm, regex: a } }", "lb.yaml:21:", "routers[0].rules[1].match.cookies.user.regex", "give only one of equals, contains, regex, present")]
    public void A_bad_router_config_names_file_line_key_and_problem(string find, string replace, string at, string key, string problem)
    {
        Assert.Contains(find, Valid, StringComparison.Ordinal);
        var error = Assert.Throws<SpecException>(() => LbConfigReader.Parse(Valid.Replace(find, replace, StringComparison.Ordinal)));
        Assert.Equal(at, error.Message[..at.Length]);
        Assert.Equal(key, error.Key);
        Assert.Equal(problem, error.Problem[..Math.Min(problem.Length, error.Problem.Length)]);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Two_routers_may_not_share_a_listener_and_any_address_overlaps()
    {
        var yaml = Valid + """

              - name: second
                listeners: [ { address: 0.0.0.0, port: 8081 } ]
            """;
        var error = Assert.Throws<SpecException>(() => LbConfigReader.Parse(yaml));
        Assert.Equal(("routers[1].listeners[0].port", "tcp 0.0.0.0:8081 is already used by router front"), (error.Key, error.Problem));
    }

    [Fact]
    public void Certificate_files_that_are_missing_or_not_pem_are_named()
    {
        using var dir = new TempDirectory();
        var junk = dir.Write("junk.pem", "not a certificate");
        var yaml = $$"""
            routers:
              - name: r
                listeners:
                  - port: 8443
                    tls:
                      certificates:
                        - { hosts: [a.test], cert: {{dir.Path}}/missing.pem, key: {{junk}} }
            """;
        var missing = Assert.Throws<SpecException>(() => LbConfigReader.Parse(yaml));
        Assert.Equal("routers[0].listeners[0].tls.certificates[0].cert", missing.Key);
        Assert.StartsWith($"cannot read {dir.Path}/missing.pem: Could not find file", missing.Problem, StringComparison.Ordinal);
        Assert.StartsWith("lb.yaml:7:", missing.Message, StringComparison.Ordinal);

        var bad = Assert.Throws<SpecException>(() => LbConfigReader.Parse(yaml.Replace($"{dir.Path}/missing.pem", junk, StringComparison.Ordinal)));
        Assert.Equal("routers[0].listeners[0].tls.certificates[0].cert", bad.Key);
        Assert.StartsWith($"{junk} with {junk} is not a PEM certificate and its matching key", bad.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_static_directory_must_exist_and_a_rule_needs_an_action()
    {
        var noDir = Assert.Throws<SpecException>(() => LbConfigReader.Parse("routers: [ { name: r, listeners: [ { port: 8081 } ], rules: [ { name: s, static: /nonexistent/dir } ] } ]"));
        Assert.Equal(("routers[0].rules[0].static", "no directory /nonexistent/dir"), (noDir.Key, noDir.Problem));
        var noAction = Assert.Throws<SpecException>(() => LbConfigReader.Parse("routers: [ { name: r, listeners: [ { port: 8081 } ], rules: [ { name: s } ] } ]"));
        Assert.Equal("rule 's' needs one action: forward, static, redirect or status", noAction.Problem);
    }

    [Fact]
    public void Default_documents_are_index_html_unless_listed_and_only_for_static_rules()
    {
        using var dir = new TempDirectory();
        string Rule(string extra) => $"routers: [ {{ name: r, listeners: [ {{ port: 8081 }} ], rules: [ {{ name: s, static: {dir.Path}{extra} }} ] }} ]";
        Assert.Equal(["index.html"], Assert.IsType<StaticActionConfig>(LbConfigReader.Parse(Rule("")).Routers[0].Rules[0].Action).DefaultDocuments);
        Assert.Equal(["default.htm", "index.htm"], Assert.IsType<StaticActionConfig>(LbConfigReader.Parse(Rule(", defaultDocuments: [default.htm, index.htm]")).Routers[0].Rules[0].Action).DefaultDocuments);
        Assert.Empty(Assert.IsType<StaticActionConfig>(LbConfigReader.Parse(Rule(", defaultDocuments: []")).Routers[0].Rules[0].Action).DefaultDocuments);

        var path = Assert.Throws<SpecException>(() => LbConfigReader.Parse(Rule(", defaultDocuments: [../secret.html]")));
        Assert.Equal(("routers[0].rules[0].defaultDocuments[0]", "expected a file name (no '/')"), (path.Key, path.Problem));
        var notStatic = Assert.Throws<SpecException>(() => LbConfigReader.Parse("routers: [ { name: r, listeners: [ { port: 8081 } ], rules: [ { name: s, status: { code: 200 }, defaultDocuments: [a.html] } ] } ]"));
        Assert.Equal(("routers[0].rules[0].defaultDocuments", "applies to static rules only"), (notStatic.Key, notStatic.Problem));
    }

    [Fact]
    public void Every_server_variable_of_seed_002_appendix_a_is_usable_in_a_condition()
    {
        // Appendix A of seed 002, as printed there.
        const string appendix = """
            ALL_HTTP ALL_RAW APPL_MD_PATH APPL_PHYSICAL_PATH CERT_COOKIE CERT_FLAGS CERT_ISSUER CERT_KEYSIZE
            CERT_SECRETKEYSIZE CERT_SERIALNUMBER CERT_SERVER_ISSUER CERT_SERVER_SUBJECT CERT_SUBJECT CONTENT_LENGTH
            CONTENT_TYPE DOCUMENT_ROOT GATEWAY_INTERFACE HTTP_ACCEPT HTTP_ACCEPT_ENCODING HTTP_ACCEPT_LANGUAGE
            HTTP_CONNECTION HTTP_CONTENT_LENGTH HTTP_HOST HTTP_IF_MODIFIED_SINCE HTTP_IF_NONE_MATCH HTTP_REFERER
            HTTP_UA_CPU HTTP_USER_AGENT HTTPS HTTPS_KEYSIZE HTTPS_SECRETKEYSIZE HTTPS_SERVER_ISSUER HTTPS_SERVER_SUBJECT
            INSTANCE_ID INSTANCE_META_PATH LOCAL_ADDR PATH_INFO PATH_TRANSLATED QUERY_STRING REMOTE_ADDR REMOTE_HOST
            REMOTE_PORT REMOTE_USER REQUEST_FILENAME REQUEST_METHOD REQUEST_URI SCRIPT_FILENAME SCRIPT_NAME SERVER_ADDR
            SERVER_NAME SERVER_PORT SERVER_PORT_SECURE SERVER_PROTOCOL SERVER_SOFTWARE URL
            """;
        var names = appendix.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(55, names.Length);
        var variables = string.Join(", ", names.Select(n => $"{{ name: {n}, pattern: '.*' }}"));
        var config = LbConfigReader.Parse($"routers: [ {{ name: r, listeners: [ {{ port: 8081 }} ], rules: [ {{ name: all, match: {{ variable: [ {variables} ] }}, status: {{ code: 200 }} }} ] }} ]");
        Assert.Equal(names, config.Routers[0].Rules[0].Match.Variables.Select(v => v.Name));
        Assert.All(names.Where(n => !n.StartsWith("HTTP_", StringComparison.Ordinal)), n => Assert.Contains(n, ServerVariables.Names));
    }
}
