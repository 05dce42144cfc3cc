using Flotilla.Core.Networks;
using Flotilla.Core.Security;
using Flotilla.Core.Specs;
using Flotilla.Core.Stacks;

namespace Flotilla.Core.Tests.Stacks;

public sealed class StackFileReaderTests
{
    [Fact]
    public void Reads_seed_000s_website()
    {
        var stack = StackYaml.Read(StackYaml.Website);

        Assert.Equal("website", stack.Name);
        var network = Assert.Single(stack.Networks).Spec;
        Assert.Equal(new NetworkSpec { Name = "web", Cidr = "10.0.1.0/24", Mode = NetworkMode.Nat, SecurityGroup = "web-nsg" }, network);
        var group = Assert.Single(stack.SecurityGroups).Group;
        Assert.Equal(["allow-http", "allow-ssh"], group.Rules.Select(r => r.Name));
        Assert.Equal(PortRanges.Of(PortRange.Single(22)), group.Rules[1].DestinationPortRange);
        var vm = Assert.Single(stack.Vms);
        Assert.Equal((3, "tiny-web", 128, (int?)null), (vm.Count!.Value, vm.Template, vm.MemoryMiB!.Value, vm.Cpus));
        Assert.Equal("web", Assert.Single(vm.Nics).Network);
        Assert.Contains("Hello from VM ${index}", vm.UserData, StringComparison.Ordinal);
        var balancer = Assert.Single(stack.LoadBalancers);
        Assert.Equal("127.0.0.1", balancer.FrontendAddress);
        Assert.Equal(new VmReference("web[*]", "web", null, true), Assert.Single(Assert.Single(balancer.Pools).Members).Vm);
        var rule = Assert.Single(balancer.Rules).Rule;
        Assert.Equal((80, 80, "web", "tcp80", LoadDistribution.Default), (rule.FrontendPort, rule.BackendPort, rule.BackendPool, rule.Probe, rule.Distribution));
        Assert.Equal(["loadBalancers.web.frontend"], Assert.Single(stack.Outputs).Expression.References);
    }

    [Fact]
    public void The_shipped_example_reads_validates_and_expands()
    {
        var path = Path.Combine(StackYaml.RepositoryRoot(), "examples", "website.yaml");

        var desired = StackExpander.Expand(StackFileReader.Load(path));

        Assert.Equal(["web-0", "web-1", "web-2"], desired.Vms.Select(v => v.Name));
        Assert.All(desired.Vms, vm => Assert.Contains($"Hello from VM {vm.Index}", vm.UserData, StringComparison.Ordinal));
        Assert.Equal(80, Assert.Single(Assert.Single(desired.Balancers).Rules).FrontendPort);
        Assert.Equal("http://127.0.0.1:80/", Assert.Single(OutputReferences.Evaluate(desired, _ => null)).Value);
        Assert.NotNull(desired.Verify);
        Assert.Equal(["rate<0.01"], desired.Verify!.Thresholds.Single(t => t.Metric == "http_req_failed").Conditions);
    }

    [Theory]
    [InlineData("name: website\nvms:\n  - name: web\n    count: 99\n    template: tiny-web\n", "website.yaml:4:12: vms[0].count: 99 is out of range (1..64)")]
    [InlineData("name: website\nvms:\n  - name: web\n    template: tiny-web\n    cuont: 3\n", "website.yaml:5:5: vms[0].cuont: unknown key")]
    [InlineData("name: website\nvms:\n  - name: web\n", "website.yaml:3:5: vms[0].template: is required")]
    [InlineData("name: Website\n", "website.yaml:1:7: name: 'Website' is not a DNS label: use lowercase letters, digits and dashes (at most 63)")]
    [InlineData("name: w\nnetworks:\n  - { name: web, cidr: 10.0.1.5/24 }\n", "website.yaml:3:24: networks[0].cidr: CIDR '10.0.1.5/24' has host bits set: did you mean 10.0.1.0/24?")]
    [InlineData("name: w\nnetworks:\n  - { name: web, cidr: 10.0.1.0/24, mode: bridge }\n", "website.yaml:3:5: networks[0].hostBridge: is required in bridge mode: name the host bridge to join, e.g. br0")]
    [InlineData("name: w\nnetworks:\n  - { name: web, cidr: 10.0.1.0/24, mode: wan }\n", "website.yaml:3:43: networks[0].mode: 'wan' is not one of: Nat, Isolated, Bridge")]
    [InlineData("name: w\nsecurityGroups:\n  - name: g\n    rules:\n      - { name: a, priority: 99, direction: inbound, access: allow }\n",
        "website.yaml:5:30: securityGroups[0].rules[0].priority: 99 is outside 100–4096 (lower numbers are evaluated first)")]
    [InlineData("name: w\nsecurityGroups:\n  - name: g\n    rules:\n      - { name: a, priority: 100, direction: inbound, access: allow }\n      - { name: b, priority: 100, direction: inbound, access: deny }\n",
        "website.yaml:6:30: securityGroups[0].rules[1].priority: 100 is already used by inbound rule 'a'; priorities are unique per direction")]
    [InlineData("name: w\nsecurityGroups:\n  - name: g\n    rules:\n      - { name: a, priority: 100, direction: in, access: allow }\n",
        "website.yaml:5:46: securityGroups[0].rules[0].direction: 'in' is not one of inbound, outbound")]
    [InlineData("name: w\nvms:\n  - { name: web, template: t, memory: 12 }\n", "website.yaml:3:39: vms[0].memory: 12 MiB is out of range (16..1048576 MiB)")]
    [InlineData("name: w\nvms:\n  - { name: web, template: t, memory: lots }\n", "website.yaml:3:39: vms[0].memory: 'lots' is not a size: write MiB as a number (128) or with a unit (128MiB, 1GiB)")]
    [InlineData("name: w\nvms:\n  - { name: web, template: t, userData: a, userDataFile: b }\n", "website.yaml:3:58: vms[0].userDataFile: give userData or userDataFile, not both")]
    [InlineData("name: w\nvms:\n  - { name: web, template: t, networks: [{ network: n, address: 10.0.1 }] }\n", "website.yaml:3:65: vms[0].networks[0].address: '10.0.1' is not an IPv4 address")]
    [InlineData("name: w\nloadBalancers:\n  - { name: lb, backendPools: [{ name: p, members: [\"web[x]\"] }] }\n",
        "website.yaml:3:53: loadBalancers[0].backendPools[0].members[0]: 'web[x]' is not a VM reference: write NAME[*] for every instance, NAME[N] for one, or a VM's name")]
    [InlineData("name: w\nloadBalancers:\n  - { name: lb, rules: [{ name: r, frontendPort: 80, backendPool: p, distribution: RoundRobin }] }\n",
        "website.yaml:3:84: loadBalancers[0].rules[0].distribution: 'RoundRobin' is not one of: Default, SourceIP, SourceIPProtocol")]
    [InlineData("name: w\nloadBalancers:\n  - { name: lb, probes: [{ name: p, protocol: tcp, path: /x }] }\n", "website.yaml:3:58: loadBalancers[0].probes[0].path: applies to http and https probes only")]
    [InlineData("name: w\nloadBalancers:\n  - { name: lb, frontendAddress: localhost }\n", "website.yaml:3:34: loadBalancers[0].frontendAddress: 'localhost' is not an IPv4 address of this host (e.g. 127.0.0.1, or 0.0.0.0 for every address)")]
    [InlineData("name: w\noutputs:\n  url: http://${loadBalancers.web.frontend/\n", "website.yaml:3:8: outputs.url: '${' at 8 has no closing '}'")]
    [InlineData("name: w\nverify:\n  duration: soon\n", "website.yaml:3:13: verify.duration: 'soon' is not a duration (examples: 10s, 1m30s, 500ms)")]
    [InlineData("name: w\nverify:\n  thresholds:\n    http_req_failed: rate less than 1\n", "website.yaml:4:22: verify.thresholds.http_req_failed: 'rate less than 1' is not a threshold: write AGGREGATION OPERATOR NUMBER, e.g. rate<0.01, p(95)<500, avg<200")]
    public void Schema_errors_name_file_line_and_key(string yaml, string message)
    {
        var error = Assert.Throws<SpecException>(() => StackYaml.Read(yaml));

        Assert.Equal(message, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_yaml_syntax_error_names_the_file_and_line()
    {
        var error = Assert.Throws<SpecException>(() => StackYaml.Read("name: w\nvms: [\n"));

        Assert.StartsWith("website.yaml:3:1: YAML syntax error: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_flow_sequence_before_more_keys_is_a_syntax_error_not_a_crash()
    {
        // YamlDotNet's scanner throws InvalidOperationException here, not YamlException (issue 14).
        var error = Assert.Throws<SpecException>(() => StackYaml.Read("name: w\nloadBalancers:\n  - name: web\n    backendPools:\n      - name: web\n        members: [[\"web[*]\"]\n    probes: []\n"));

        Assert.Equal("website.yaml:6:18: YAML syntax error: cannot parse what follows (is a '[' or '{' left unclosed?)", error.Message);
    }

    [Fact]
    public void User_data_files_are_read_relative_to_the_stack_file_and_their_errors_point_at_the_key()
    {
        const string yaml = "name: w\nvms:\n  - name: web\n    template: t\n    userDataFile: web.sh\n";

        var vm = Assert.Single(StackYaml.Read(yaml, path => path == "web.sh" ? "#!/bin/sh\necho ${index}\n" : throw new FileNotFoundException(path)).Vms);
        Assert.Equal(("web.sh", "#!/bin/sh\necho ${index}\n"), (vm.UserDataFile, vm.UserData));

        var error = Assert.Throws<SpecException>(() => StackYaml.Read(yaml, _ => throw new FileNotFoundException("no such file")));
        Assert.Equal("website.yaml:5:19: vms[0].userDataFile: cannot read 'web.sh': no such file", error.Message);
    }

    [Fact]
    public void Nics_and_members_take_a_short_and_a_long_form()
    {
        var stack = StackYaml.Read("""
            name: w
            vms:
              - { name: db, template: t, networks: [back, { network: front, address: 10.0.2.10, securityGroup: g }] }
            loadBalancers:
              - { name: lb, backendPools: [{ name: p, members: [db, { vm: "web[2]", weight: 3 }] }] }
            """);

        Assert.Equal(["back", "front"], stack.Vms[0].Nics.Select(n => n.Network));
        Assert.Equal(("10.0.2.10", "g"), (stack.Vms[0].Nics[1].Address, stack.Vms[0].Nics[1].SecurityGroup));
        var members = stack.LoadBalancers[0].Pools[0].Members;
        Assert.Equal((new VmReference("db", "db", null, false), 1), (members[0].Vm, members[0].Weight));
        Assert.Equal((new VmReference("web[2]", "web", 2, false), 3), (members[1].Vm, members[1].Weight));
    }
}
