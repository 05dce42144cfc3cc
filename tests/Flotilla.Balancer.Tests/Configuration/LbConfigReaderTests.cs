using Flotilla.Balancer.Configuration;
using Flotilla.Core.Specs;

namespace Flotilla.Balancer.Tests.Configuration;

public sealed class LbConfigReaderTests
{
    // The issue's example config, verbatim.
    private const string Valid = """
        admin: { address: 127.0.0.1, port: 9900 }
        balancers:
          - name: web
            frontendAddress: 127.0.0.1
            backendPools:
              - name: vms
                members:
                  - { address: 127.0.0.1, port: 18001 }
                  - { address: 127.0.0.1, port: 18002, weight: 2 }
            probes:
              - { name: p80, protocol: tcp, intervalSeconds: 5, unhealthyThreshold: 2, healthyThreshold: 1 }
              - { name: web, protocol: http, path: /, expectedStatus: 200, intervalSeconds: 5, timeoutSeconds: 2 }
            rules:
              - { name: http, protocol: tcp, frontendPort: 8080, backendPort: 80, backendPool: vms,
                  probe: p80, distribution: Default, idleTimeoutMinutes: 4, enableTcpReset: true }
        """;

    [Fact]
    public void The_issue_example_reads_with_every_key()
    {
        var config = LbConfigReader.Parse(Valid);
        var balancer = Assert.Single(config.Balancers);
        var rule = Assert.Single(balancer.Rules);
        Assert.Equal(new AdminConfig("127.0.0.1", 9900), config.Admin);
        Assert.Equal(2, balancer.BackendPools[0].Members[1].Weight);
        Assert.Equal(ProbeProtocol.Http, balancer.Probes[1].Protocol);
        Assert.Equal(2, balancer.Probes[1].TimeoutSeconds);
        Assert.Equal((8080, 80, "vms", "p80"), (rule.FrontendPort, rule.BackendPort, rule.BackendPool, rule.Probe));
        Assert.Equal(TimeSpan.FromMinutes(4), rule.IdleTimeout);
        Assert.True(rule.EnableTcpReset);
        Assert.Equal(rule.IdleTimeout, rule.DrainTimeout);
    }

    [Theory]
    [InlineData("backendPool: vms,", "backendPool: vmz,", "lb.yaml:14:", "balancers[0].rules[0].backendPool", "unknown pool 'vmz' (known: vms)")]
    [InlineData("probe: p80,", "probe: nope,", "lb.yaml:15:", "balancers[0].rules[0].probe", "unknown probe 'nope' (known: p80, web)")]
    [InlineData("frontendPort: 8080,", "frontendPort: 70000,", "lb.yaml:14:", "balancers[0].rules[0].frontendPort", "70000 is out of range (1..65535)")]
    [InlineData("backendPort: 80,", "backendPort: 0,", "lb.yaml:14:", "balancers[0].rules[0].backendPort", "0 is out of range (1..65535)")]
    [InlineData("port: 18002, weight: 2", "port: 18002, weight: heavy", "lb.yaml:9:", "balancers[0].backendPools[0].members[1].weight", "expected a whole number, got 'heavy'")]
    [InlineData("distribution: Default", "distribution: RoundRobin", "lb.yaml:15:", "balancers[0].rules[0].distribution", "'RoundRobin' is not one of: Default, SourceIP, SourceIPProtocol")]
    [InlineData("protocol: tcp, frontendPort", "protocol: sctp, frontendPort", "lb.yaml:14:", "balancers[0].rules[0].protocol", "'sctp' is not one of: Tcp, Udp")]
    [InlineData("frontendAddress: 127.0.0.1", "frontendAddress: localhost", "lb.yaml:4:", "balancers[0].frontendAddress", "'localhost' is not an IP address")]
    [InlineData("name: p80,", "name: web,", "lb.yaml:12:", "balancers[0].probes[1].name", "duplicate probe name 'web'")]
    [InlineData("idleTimeoutMinutes: 4", "idleTimeoutMinuts: 4", "lb.yaml:15:", "balancers[0].rules[0].idleTimeoutMinuts", "unknown key")]
    [InlineData("enableTcpReset: true", "enableTcpReset: maybe", "lb.yaml:15:", "balancers[0].rules[0].enableTcpReset", "expected true or false, got 'maybe'")]
    [InlineData("port: 9900", "port: 8080", "lb.yaml:1:", "admin.port", "8080 is already used by rule web/http")]
    [InlineData("- { address: 127.0.0.1, port: 18002, weight: 2 }", "- { address: 127.0.0.1, port: 18001 }", "lb.yaml:9:", "balancers[0].backendPools[0].members[1].address", "member 127.0.0.1:18001 is listed twice in pool 'vms'")]
    [InlineData("{ name: p80, protocol: tcp,", "{ name: p80, protocol: tcp, path: /x,", "lb.yaml:11:", "balancers[0].probes[0].path", "applies to http and https probes only")]
    public void A_bad_config_names_file_line_key_and_problem(string find, string replace, string at, string key, string problem)
    {
        Assert.Contains(find, Valid, StringComparison.Ordinal);
        var error = Assert.Throws<SpecException>(() => LbConfigReader.Parse(Valid.Replace(find, replace, StringComparison.Ordinal)));
        Assert.StartsWith(at, error.Message, StringComparison.Ordinal);
        Assert.Equal(key, error.Key);
        Assert.Equal(problem, error.Problem);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Two_rules_on_one_frontend_port_are_refused()
    {
        var yaml = Valid.Replace("""
                      probe: p80, distribution: Default, idleTimeoutMinutes: 4, enableTcpReset: true }
            """, """
                      probe: p80, distribution: Default, idleTimeoutMinutes: 4, enableTcpReset: true }
                  - { name: again, frontendPort: 8080, backendPool: vms }
            """, StringComparison.Ordinal);
        var error = Assert.Throws<SpecException>(() => LbConfigReader.Parse(yaml));
        Assert.Equal("balancers[0].rules[1].frontendPort", error.Key);
        Assert.Equal("tcp 127.0.0.1:8080 is already used by rule web/http", error.Problem);
    }

    [Fact]
    public void The_same_port_for_tcp_and_udp_is_fine()
    {
        var yaml = Valid.Replace("""
                      probe: p80, distribution: Default, idleTimeoutMinutes: 4, enableTcpReset: true }
            """, """
                      probe: p80, distribution: Default, idleTimeoutMinutes: 4, enableTcpReset: true }
                  - { name: dns, protocol: udp, frontendPort: 8080, backendPool: vms }
            """, StringComparison.Ordinal);
        Assert.Equal(2, LbConfigReader.Parse(yaml).Balancers[0].Rules.Count);
    }

    [Theory]
    [InlineData("balancers: [ { name: a", "YAML syntax error")]
    [InlineData("", "the file is empty")]
    [InlineData("- just\n- a list\n", "expected a mapping of keys at the top level")]
    [InlineData("balancers:\n  - name: a\n", "balancers[0].frontendAddress: is required")]
    public void Malformed_files_give_one_line(string yaml, string expected)
    {
        var error = Assert.Throws<SpecException>(() => LbConfigReader.Parse(yaml));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("lb.yaml:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<SpecException>(() => LbConfigReader.Load("/nonexistent/lb.yaml"));
        Assert.StartsWith("/nonexistent/lb.yaml: cannot read the file", error.Message, StringComparison.Ordinal);
    }
}
