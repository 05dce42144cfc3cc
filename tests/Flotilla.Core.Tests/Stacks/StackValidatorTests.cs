using Flotilla.Core.Stacks;

namespace Flotilla.Core.Tests.Stacks;

public sealed class StackValidatorTests
{
    private static List<string> Problems(string yaml) => StackValidator.Validate(StackYaml.Read(yaml)).Select(p => p.Message).ToList();

    [Fact]
    public void The_website_is_valid() => Assert.Empty(Problems(StackYaml.Website));

    [Theory]
    [InlineData("""
        name: w
        networks:
          - { name: n, cidr: 10.0.1.0/24, securityGroup: nope }
        """, "website.yaml:3:50: networks[0].securityGroup: unknown security group 'nope' (known: none defined)")]
    [InlineData("""
        name: w
        vms:
          - { name: a, template: t, networks: [nope] }
        """, "website.yaml:3:40: vms[0].networks[0]: unknown network 'nope' (known: none defined)")]
    [InlineData("""
        name: w
        networks: [{ name: n, cidr: 10.0.1.0/24 }]
        vms:
          - { name: a, template: t, networks: [{ network: n, securityGroup: g }] }
        """, "website.yaml:4:69: vms[0].networks[0].securityGroup: unknown security group 'g' (known: none defined)")]
    [InlineData("""
        name: w
        networks: [{ name: n, cidr: 10.0.1.0/24 }, { name: n, cidr: 10.0.2.0/24 }]
        """, "website.yaml:2:52: networks[1].name: duplicate network name 'n' (first at networks[0])")]
    [InlineData("""
        name: w
        vms:
          - { name: web, count: 3, template: t }
          - { name: web-1, template: t }
        """, "website.yaml:4:13: vms[1].name: VM name 'web-1' is made twice: by vms[0] (web, count 3) and by vms[1]")]
    [InlineData("""
        name: w
        vms:
          - { name: web-1, template: t }
          - { name: web, count: 2, template: t }
        """, "website.yaml:4:25: vms[1].count: VM name 'web-1' is made twice: by vms[0] and by vms[1] (web, count 2)")]
    [InlineData("""
        name: w
        networks: [{ name: n, cidr: 10.0.1.0/24 }]
        vms:
          - { name: a, template: t, networks: [{ network: n, address: 10.0.2.4 }] }
        """, "website.yaml:4:63: vms[0].networks[0].address: 10.0.2.4 is outside the network's CIDR 10.0.1.0/24")]
    [InlineData("""
        name: w
        networks: [{ name: n, cidr: 10.0.1.0/24 }]
        vms:
          - { name: a, template: t, networks: [{ network: n, address: 10.0.1.1 }] }
        """, "website.yaml:4:63: vms[0].networks[0].address: 10.0.1.1 is the network's gateway")]
    [InlineData("""
        name: w
        networks: [{ name: n, cidr: 10.0.1.0/24 }]
        vms:
          - { name: a, count: 3, template: t, networks: [{ network: n, address: 10.0.1.253 }] }
        """, "website.yaml:4:73: vms[0].networks[0].address: a-2 would get 10.0.1.255: 10.0.1.255 is the broadcast address of 10.0.1.0/24")]
    [InlineData("""
        name: w
        networks: [{ name: n, cidr: 10.0.1.0/24 }]
        vms:
          - { name: a, count: 2, template: t, networks: [{ network: n, address: 10.0.1.10 }] }
          - { name: b, template: t, networks: [{ network: n, address: 10.0.1.11 }] }
        """, "website.yaml:5:63: vms[1].networks[0].address: 10.0.1.11 on network 'n' is asked for by a-1 and b")]
    [InlineData("""
        name: w
        loadBalancers:
          - { name: lb, backendPools: [{ name: p, members: ["web[*]"] }] }
        """, "website.yaml:3:53: loadBalancers[0].backendPools[0].members[0]: unknown VM 'web' (known: none defined)")]
    [InlineData("""
        name: w
        networks: [{ name: n, cidr: 10.0.1.0/24 }]
        vms: [{ name: web, count: 2, template: t, networks: [n] }]
        loadBalancers:
          - { name: lb, backendPools: [{ name: p, members: [web] }] }
        """, "website.yaml:5:53: loadBalancers[0].backendPools[0].members[0]: VM 'web' has count 2: write web[*] for all of them or web-N for one")]
    [InlineData("""
        name: w
        networks: [{ name: n, cidr: 10.0.1.0/24 }]
        vms: [{ name: web, count: 2, template: t, networks: [n] }]
        loadBalancers:
          - { name: lb, backendPools: [{ name: p, members: ["web[2]"] }] }
        """, "website.yaml:5:53: loadBalancers[0].backendPools[0].members[0]: VM 'web' has instances 0..1, not 2")]
    [InlineData("""
        name: w
        networks: [{ name: n, cidr: 10.0.1.0/24 }]
        vms: [{ name: web, count: 2, template: t, networks: [n] }]
        loadBalancers:
          - { name: lb, backendPools: [{ name: p, members: ["web[*]", web-1] }] }
        """, "website.yaml:5:63: loadBalancers[0].backendPools[0].members[1]: VM 'web-1' is already in pool 'p'")]
    [InlineData("""
        name: w
        networks: [{ name: a, cidr: 10.0.1.0/24 }, { name: b, cidr: 10.0.2.0/24 }]
        vms: [{ name: x, template: t, networks: [a] }, { name: y, template: t, networks: [b] }]
        loadBalancers:
          - { name: lb, backendPools: [{ name: p, members: [x, y] }] }
        """, "website.yaml:5:56: loadBalancers[0].backendPools[0].members[1]: pool 'p' would span networks 'a' (x) and 'b' (y): a pool is on one network; give the pool network: and the VMs a NIC on it")]
    [InlineData("""
        name: w
        networks: [{ name: a, cidr: 10.0.1.0/24 }, { name: b, cidr: 10.0.2.0/24 }]
        vms: [{ name: x, template: t, networks: [a] }]
        loadBalancers:
          - { name: lb, backendPools: [{ name: p, network: b, members: [x] }] }
        """, "website.yaml:5:65: loadBalancers[0].backendPools[0].members[0]: VM 'x' has no NIC on network 'b', the pool's")]
    [InlineData("""
        name: w
        vms: [{ name: x, template: t }]
        loadBalancers:
          - { name: lb, backendPools: [{ name: p, members: [x] }] }
        """, "website.yaml:4:53: loadBalancers[0].backendPools[0].members[0]: VM 'x' has no network, so a balancer cannot reach it: give it networks:")]
    [InlineData("""
        name: w
        networks: [{ name: n, cidr: 10.0.1.0/24 }]
        loadBalancers:
          - { name: lb, backendPools: [{ name: p, network: n }], rules: [{ name: r, frontendPort: 80, backendPool: q }] }
        """, "website.yaml:4:108: loadBalancers[0].rules[0].backendPool: unknown pool 'q' (known: p)")]
    [InlineData("""
        name: w
        networks: [{ name: n, cidr: 10.0.1.0/24 }]
        loadBalancers:
          - { name: lb, backendPools: [{ name: p, network: n }], rules: [{ name: r, frontendPort: 80, backendPool: p, probe: hc }] }
        """, "website.yaml:4:118: loadBalancers[0].rules[0].probe: unknown probe 'hc' (known: none defined)")]
    [InlineData("""
        name: w
        networks: [{ name: n, cidr: 10.0.1.0/24 }]
        loadBalancers:
          - { name: a, backendPools: [{ name: p, network: n }], rules: [{ name: r, frontendPort: 80, backendPool: p }] }
          - { name: b, frontendAddress: 0.0.0.0, backendPools: [{ name: p, network: n }], rules: [{ name: s, frontendPort: 80, backendPool: p }] }
        """, "website.yaml:5:116: loadBalancers[1].rules[0].frontendPort: tcp 0.0.0.0:80 is already used by rule a/r")]
    [InlineData("""
        name: w
        loadBalancers:
          - { name: lb, backendPools: [{ name: p }] }
        """, "website.yaml:3:32: loadBalancers[0].backendPools[0].members: an empty pool needs network: to say which network its members will be on")]
    [InlineData("""
        name: w
        outputs:
          url: http://${loadBalancers.api.frontend}/
        """, "website.yaml:3:8: outputs.url: ${loadBalancers.api.frontend}: unknown load balancer 'api'")]
    [InlineData("""
        name: w
        outputs:
          url: http://${lb.web}/
        """, "website.yaml:3:8: outputs.url: ${lb.web}: not a reference: use stack, networks.NAME.cidr|gateway, vms.VM.name|address, loadBalancers.NAME.frontend, loadBalancers.NAME.rules.RULE.frontendPort or routers.NAME.url")]
    [InlineData("""
        name: w
        verify: { vus: 10 }
        """, "website.yaml:2:9: verify.output: no output named 'url' to take the URL to test from (outputs: none defined)")]
    public void Refuses_with_one_line_naming_file_line_and_key(string yaml, string problem)
    {
        var problems = Problems(yaml);

        Assert.Equal([problem], problems);
    }

    [Fact]
    public void Reports_every_problem_at_once_and_expansion_refuses_with_a_typed_exception()
    {
        const string yaml = """
            name: w
            networks: [{ name: n, cidr: 10.0.1.0/24, securityGroup: g }]
            vms: [{ name: a, count: 2, template: t, networks: [nope] }]
            """;

        var error = Assert.Throws<InvalidStackException>(() => StackYaml.Expand(yaml));

        Assert.Equal(2, error.Problems.Count);
        Assert.Equal(
            "website.yaml:2:57: networks[0].securityGroup: unknown security group 'g' (known: none defined)\n" +
            "website.yaml:3:52: vms[0].networks[0]: unknown network 'nope' (known: n)", error.Message);
    }
}
