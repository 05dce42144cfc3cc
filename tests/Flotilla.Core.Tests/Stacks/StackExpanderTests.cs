using Flotilla.Core.Stacks;
using Flotilla.Core.Vms;

namespace Flotilla.Core.Tests.Stacks;

public sealed class StackExpanderTests
{
    [Fact]
    public void Count_makes_numbered_instances_each_with_its_index_in_user_data()
    {
        var stack = StackYaml.Expand(StackYaml.Website);

        Assert.Equal(["web-0", "web-1", "web-2"], stack.Vms.Select(v => v.Name));
        Assert.Equal([0, 1, 2], stack.Vms.Select(v => v.Index));
        Assert.All(stack.Vms, vm =>
        {
            Assert.Equal(("website", "web", "tiny-web", 128), (vm.Stack, vm.Group, vm.Template, vm.MemoryMiB!.Value));
            Assert.Equal($"#!/bin/sh\necho \"Hello from VM {vm.Index}\" > /www/index.html\n", vm.UserData);
            Assert.Equal((CrashPolicy.Restart, true, PowerState.Running), (vm.OnCrash, vm.Autostart, vm.Power));
            Assert.Equal(new StackNic("web"), Assert.Single(vm.Nics));
        });
    }

    [Fact]
    public void Every_resource_is_tagged_with_the_stack()
    {
        var stack = StackYaml.Expand(StackYaml.Website);

        Assert.Equal(6, stack.Resources.Count());
        Assert.All(stack.Resources, r => Assert.Equal("website", r.Stack));
        Assert.Equal(["web-nsg"], stack.SecurityGroups.Select(g => g.Group.Name));
        Assert.Equal("web-nsg", Assert.Single(stack.Networks).Spec.SecurityGroup);
    }

    [Fact]
    public void A_pool_of_name_star_holds_every_instance_on_their_network()
    {
        var balancer = Assert.Single(StackYaml.Expand(StackYaml.WebsiteWithCount(4)).Balancers);

        var pool = Assert.Single(balancer.Pools);
        Assert.Equal(("web", "web"), (pool.Name, pool.Network));
        Assert.Equal(["web-0", "web-1", "web-2", "web-3"], pool.Members.Select(m => m.Vm));
        Assert.Equal(new StackRule { Name = "http", FrontendPort = 80, BackendPort = 80, BackendPool = "web", Probe = "tcp80" }, Assert.Single(balancer.Rules));
        Assert.Equal(new StackProbe { Name = "tcp80", Port = 80 }, Assert.Single(balancer.Probes));
    }

    [Fact]
    public void A_vm_without_count_keeps_its_name_and_index_0_and_fixed_addresses_step_with_the_index()
    {
        var stack = StackYaml.Expand("""
            name: shop
            networks: [{ name: n, cidr: 10.0.1.0/24 }]
            vms:
              - { name: db, template: t, networks: [{ network: n, address: 10.0.1.50 }], userData: "${name} ${index} ${stack} ${HOME} $${index}" }
              - { name: app, count: 2, template: t, networks: [{ network: n, address: 10.0.1.10 }] }
            loadBalancers:
              - { name: lb, backendPools: [{ name: p, members: ["app[1]", { vm: db, weight: 2 }] }] }
            """);

        Assert.Equal(["db", "app-0", "app-1"], stack.Vms.Select(v => v.Name));
        Assert.Equal(["10.0.1.50", "10.0.1.10", "10.0.1.11"], stack.Vms.Select(v => v.Nics[0].Address));
        Assert.Equal("db 0 shop ${HOME} ${index}", stack.Vms[0].UserData);
        Assert.Equal([new StackPoolMember("app-1"), new StackPoolMember("db", 2)], stack.Balancers[0].Pools[0].Members);
    }

    [Fact]
    public void Outputs_substitute_references_and_take_vm_addresses_from_the_daemon()
    {
        var stack = StackYaml.Expand("""
            name: shop
            networks: [{ name: n, cidr: 10.0.1.0/24 }]
            vms: [{ name: web, count: 2, template: t, networks: [n] }]
            loadBalancers:
              - { name: lb, frontendAddress: 127.0.0.2, backendPools: [{ name: p, members: ["web[*]"] }], rules: [{ name: http, frontendPort: 8080, backendPool: p }] }
            outputs:
              url: http://${loadBalancers.lb.frontend}:${loadBalancers.lb.rules.http.frontendPort}/
              first: ${vms.web-0.address} on ${networks.n.cidr} via ${networks.n.gateway} in ${stack}
              literal: $${not.a.reference}
            """);

        var outputs = OutputReferences.Evaluate(stack, vm => vm == "web-0" ? "10.0.1.4" : null);

        Assert.Equal(
        [
            KeyValuePair.Create("url", "http://127.0.0.2:8080/"),
            KeyValuePair.Create("first", "10.0.1.4 on 10.0.1.0/24 via 10.0.1.1 in shop"),
            KeyValuePair.Create("literal", "${not.a.reference}"),
        ], outputs);
    }

    [Theory]
    [InlineData("Hello from VM ${index}", 2, "Hello from VM 2")]
    [InlineData("${ index }-${name}", 0, "0-web-0")]
    [InlineData("echo ${PATH} $${index} ${index", 1, "echo ${PATH} ${index} ${index")]
    public void User_data_substitutes_only_its_own_names(string template, int index, string expected) =>
        Assert.Equal(expected, UserDataTemplate.Render(template, "website", $"web-{index}", index));
}
