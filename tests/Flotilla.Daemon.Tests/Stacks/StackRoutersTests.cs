using System.Text.Json;
using Flotilla.Core.Stacks;
using Flotilla.Daemon.Api;
using Flotilla.Daemon.Balancers;
using Flotilla.Daemon.Stacks;

namespace Flotilla.Daemon.Tests.Stacks;

public sealed class StackRoutersTests
{
    private const string Yaml = """
        name: shop
        networks: [{ name: app, cidr: 10.0.2.0/24 }]
        vms:
          - { name: app, count: 2, template: tiny-web, networks: [app] }
        routers:
          - name: front
            listeners: [{ port: 18088 }]
            rules:
              - { name: odd, match: { path: { regex: '^/a\+b/(\w+)$' }, headers: { X-Key: { contains: "<é>" } } }, forward: app, rewritePath: '/{R:1}' }
            farms:
              - { name: app, port: 8080, health: { active: { path: /, interval: 5 } }, members: [{ vm: "app[*]", weight: 2 }] }
        """;

    [Fact]
    public void What_was_applied_reads_back_as_the_same_router_so_a_second_apply_plans_nothing()
    {
        var desired = StackExpander.Expand(StackFileReader.Parse(Yaml, "shop.yaml", null, "/srv"));
        var router = desired.Routers.Single();
        var addresses = new Dictionary<string, string> { ["app-0"] = "10.0.2.4", ["app-1"] = "10.0.2.5" };

        var spec = StackRouters.ToSpec(router, (vm, network) => network == "app" ? addresses[vm] : null);
        var stored = JsonSerializer.Deserialize<BalancerSpec>(JsonSerializer.SerializeToUtf8Bytes(spec, ApiJson.Options), ApiJson.Options)!;
        var back = StackRouters.FromSpec("front", stored, (network, address) => addresses.FirstOrDefault(a => a.Value == address).Key);

        Assert.Equal(router.Definition, back.Definition);
        Assert.Equal("shop", back.Stack);
        var farm = Assert.Single(back.Farms);
        Assert.Equal(("app", "app", 8080), (farm.Name, farm.Network, farm.Port));
        Assert.Equal([new StackPoolMember("app-0", 2), new StackPoolMember("app-1", 2)], farm.Members);
        var actual = new ActualState
        {
            Networks = desired.Networks,
            Vms = [.. desired.Vms.Select(v => v with { Cpus = 1, MemoryMiB = 128, Nics = [.. v.Nics.Select(n => n with { Address = addresses[v.VmName] })] })],
            Routers = [back],
        };
        Assert.Equal("No changes.", StackPlanner.Plan(desired, actual).ToText());
    }
}
