using System.Text.Json;
using System.Text.Json.Nodes;
using Flotilla.Balancer.Configuration;
using Flotilla.Daemon.Api;
using Flotilla.Daemon.Balancers;

namespace Flotilla.Daemon.Tests.Balancers;

public sealed class HostLbConfigTests
{
    private static string Namespace(string network) => $"flotilla-t-{network}";

    private static BalancerSpec Router(string json) => new() { Name = "front", Router = JsonNode.Parse(json)!.AsObject() };

    private static readonly BalancerSpec Front = Router("""
        {"listeners":[{"address":"127.0.0.1","port":18088}],
         "rules":[{"name":"static","match":{"path":{"prefix":"/static"}},"static":"/tmp"},{"name":"rest","forward":"app"}],
         "farms":[{"name":"app","algorithm":"roundRobin","network":"app","port":8080,"members":[{"address":"10.0.2.4","weight":1},{"address":"10.0.2.5","port":81}]}]}
        """);

    [Fact]
    public void A_router_goes_under_routers_with_its_farms_network_as_namespace_and_port_on_each_member()
    {
        var text = HostLbConfig.Render(9901, [Front], Namespace);

        Assert.Contains("""
            routers:
              - name: "front"
                listeners:
                  - address: "127.0.0.1"
                    port: 18088
            """.Replace("\r", "", StringComparison.Ordinal), text, StringComparison.Ordinal);
        Assert.Contains("""
                farms:
                  - name: "app"
                    algorithm: "roundRobin"
                    namespace: "flotilla-t-app"
                    members:
                      - address: "10.0.2.4"
                        weight: 1
                        port: 8080
                      - address: "10.0.2.5"
                        port: 81
            """.Replace("\r", "", StringComparison.Ordinal), text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_router_without_an_affinity_store_keeps_it_in_the_daemons_lb_folder_and_a_named_one_is_kept()
    {
        Assert.Contains("affinityStore: \"/data/lb/front.affinity.sqlite\"", HostLbConfig.Render(9901, [Front], Namespace, "/data/lb"), StringComparison.Ordinal);
        var named = Front with { Router = new System.Text.Json.Nodes.JsonObject { ["name"] = "front", ["affinityStore"] = "/srv/shared.sqlite" } };
        var text = HostLbConfig.Render(9901, [named], Namespace, "/data/lb");
        Assert.Contains("affinityStore: \"/srv/shared.sqlite\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/data/lb", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_routers_the_config_has_no_routers_key()
    {
        var balancer = new BalancerSpec { Name = "web" };

        Assert.DoesNotContain("routers", HostLbConfig.Render(9901, [balancer], Namespace), StringComparison.Ordinal);
    }

    [Fact]
    public void What_is_rendered_is_what_flotilla_lbs_reader_accepts()
    {
        var config = LbConfigReader.Parse(HostLbConfig.Render(9901, [Front with { Router = Router(Front.Router!.ToJsonString().Replace("\"network\":\"app\",", "", StringComparison.Ordinal)).Router }], Namespace));

        var router = Assert.Single(config.Routers);
        Assert.Equal("front", router.Name);
        Assert.Equal([8080, 81], router.Farms.Single().Members.Select(m => m.Port));
    }

    [Fact]
    public void A_routers_problem_is_told_by_router_and_key()
    {
        var bad = Router(Front.Router!.ToJsonString().Replace("\"forward\":\"app\"", "\"forward\":\"ap\"", StringComparison.Ordinal)
            .Replace("\"network\":\"app\",", "", StringComparison.Ordinal));

        var e = Assert.Throws<InvalidBalancerException>(() => BalancerValidator.Validate(bad, [new BalancerSpec { Name = "web" }], _ => true, Namespace));

        Assert.StartsWith("router 'front': rules[1].forward: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_router_survives_the_store_unchanged()
    {
        var stored = JsonSerializer.Deserialize<BalancerSpec>(JsonSerializer.SerializeToUtf8Bytes(Front, ApiJson.Options), ApiJson.Options)!;

        Assert.Equal(Flotilla.Core.Stacks.RouterJson.Text(Front.Router!), Flotilla.Core.Stacks.RouterJson.Text(stored.Router!));
    }
}
