using Flotilla.Core.Specs;
using Flotilla.Core.Stacks;

namespace Flotilla.Core.Tests.Stacks;

/// <summary>Routers in stack files: read (flotilla-lb's keys passed through), validated, expanded and planned.</summary>
public sealed class StackRouterTests
{
    private const string ThreeTier = """
        name: shop
        networks:
          - { name: app, cidr: 10.0.2.0/24 }
        vms:
          - { name: app, count: 2, template: tiny-web, networks: [app] }
        loadBalancers:
          - name: tcp
            backendPools: [{ name: app, members: ["app[*]"] }]
            rules: [{ name: r, frontendPort: 9000, backendPool: app }]
        routers:
          - name: front
            listeners:
              - { port: 8088 }
            rules:
              - { name: static, match: { path: { prefix: /static } }, static: static }
              - { name: rest, forward: app }
            farms:
              - name: app
                port: 8080
                affinity: { mode: cookie }
                members: ["app[*]"]
        outputs:
          url: ${routers.front.url}
        """;

    private static StackFile Read(string yaml) => StackFileReader.Parse(yaml.Replace("\r", "", StringComparison.Ordinal), "shop.yaml", null, "/srv/shop");

    private static DesiredStack Expand(string yaml) => StackExpander.Expand(Read(yaml));

    private static List<string> Problems(string yaml) => StackValidator.Validate(Read(yaml)).Select(p => p.Message).ToList();

    private static ActualState Applied(DesiredStack desired) => new()
    {
        Networks = desired.Networks,
        Vms = [.. desired.Vms.Select(vm => vm with { Cpus = 1, MemoryMiB = 128, Nics = [.. vm.Nics.Select(n => n with { Address = $"10.0.2.{4 + vm.Index}" })] })],
        Balancers = desired.Balancers,
        Routers = desired.Routers,
    };

    [Fact]
    public void Flotilla_lb_keys_pass_through_with_the_listener_defaulted_to_loopback_and_paths_made_absolute()
    {
        var router = Expand(ThreeTier).Routers.Single();

        Assert.Equal("""{"listeners":[{"address":"127.0.0.1","port":8088}],"rules":[{"name":"static","match":{"path":{"prefix":"/static"}},"static":"/srv/shop/static"},{"name":"rest","forward":"app"}],"farms":[{"name":"app","affinity":{"mode":"cookie"}}]}""", router.Definition);
        Assert.Equal([new StackFarm("app", "app", 8080, [new StackPoolMember("app-0"), new StackPoolMember("app-1")])], router.Farms.Select(f => f with { Members = [.. f.Members] }), new FarmComparer());
        Assert.Equal("http://127.0.0.1:8088/", router.Url);
    }

    [Fact]
    public void A_key_of_the_generated_config_maps_back_to_the_stack_files_line()
    {
        var router = Read(ThreeTier).Routers.Single();

        Assert.Equal(new SpecLocation("shop.yaml", 15, 50), router.LocationOf("rules[0].match.path.prefix"));
        Assert.Equal(router.LocationOf("farms[0].members"), router.LocationOf("farms[0].members[1].address"));
        Assert.Equal(router.LocationOf("listeners[0]"), router.LocationOf("listeners[0].address"));
    }

    [Fact]
    public void A_relative_path_without_the_stack_files_folder_is_refused_at_its_key()
    {
        var e = Assert.Throws<SpecException>(() => StackFileReader.Parse(ThreeTier, "shop.yaml"));

        Assert.Equal("shop.yaml:15:71: routers[0].rules[0].static: 'static' is relative and the stack file's folder is not known here: give an absolute path", e.Message);
    }

    [Theory]
    [InlineData("members: [\"app[*]\"]", "members: [nope]", "shop.yaml:21:19: routers[0].farms[0].members[0]: unknown VM 'nope' (known: app)")]
    [InlineData("members: [\"app[*]\"]", "members: [app]", "shop.yaml:21:19: routers[0].farms[0].members[0]: VM 'app' has count 2: write app[*] for all of them or app-N for one")]
    [InlineData("{ port: 8088 }", "{ port: 9000 }", "shop.yaml:13:17: routers[0].listeners[0].port: tcp 127.0.0.1:9000 is already used by rule tcp/r")]
    [InlineData("- name: front", "- name: tcp", "shop.yaml:11:11: routers[0].name: 'tcp' is also a load balancer's name (at loadBalancers[0]): balancers and routers share names")]
    [InlineData("${routers.front.url}", "${routers.back.url}", "shop.yaml:23:8: outputs.url: ${routers.back.url}: unknown router 'back'")]
    public void Refuses_references_naming_file_line_and_key(string from, string to, string problem) =>
        Assert.Contains(problem, Problems(ThreeTier.Replace(from, to, StringComparison.Ordinal)));

    [Fact]
    public void A_farm_spanning_two_networks_is_refused()
    {
        var yaml = ThreeTier.Replace("  - { name: app, cidr: 10.0.2.0/24 }", "  - { name: app, cidr: 10.0.2.0/24 }\n  - { name: db, cidr: 10.0.3.0/24 }", StringComparison.Ordinal)
            .Replace("members: [\"app[*]\"]\n", "members: [\"app[*]\", db]\n", StringComparison.Ordinal)
            .Replace("networks: [app] }\n", "networks: [app] }\n  - { name: db, template: tiny-web, networks: [db] }\n", StringComparison.Ordinal);

        Assert.Contains(Problems(yaml), p => p.Contains("farm 'app' would span networks 'app' (app-0) and 'db' (db)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_farm_may_not_name_a_namespace()
    {
        var e = Assert.Throws<SpecException>(() => Read(ThreeTier.Replace("port: 8080", "namespace: blue", StringComparison.Ordinal)));

        Assert.Contains("routers[0].farms[0].namespace: a stack's farm is on its members' network", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Routers_come_after_balancers_and_a_second_apply_says_no_changes()
    {
        var desired = Expand(ThreeTier);

        Assert.Equal("""
            + network app
            + vm app-0
            + vm app-1
            + loadBalancer tcp
            + router front

            Plan: 5 to add, 0 to change, 0 to destroy.
            """, StackPlanner.Plan(desired, ActualState.Empty).ToText());
        Assert.Equal("No changes.", StackPlanner.Plan(Expand(ThreeTier), Applied(desired)).ToText());
    }

    [Fact]
    public void A_vm_leaving_is_drained_from_the_router_before_it_is_deleted()
    {
        var applied = Applied(Expand(ThreeTier));

        var plan = StackPlanner.Plan(Expand(ThreeTier.Replace("count: 2", "count: 1", StringComparison.Ordinal)), applied);

        Assert.Equal("""
            ~ loadBalancer tcp (drain app-1 from pool app)
            ~ router front (drain app-1 from farm app)
            - vm app-1

            Plan: 0 to add, 2 to change, 1 to destroy.
            """, plan.ToText());
        Assert.Equal(["app-1"], plan.Steps[1].Drains);
        Assert.Equal(["app-0"], ((StackRouter)plan.Steps[1].Resource).MemberVms);
    }

    [Fact]
    public void Changed_keys_update_in_place_by_top_level_key_and_farm()
    {
        var applied = Applied(Expand(ThreeTier));
        var changed = ThreeTier.Replace("forward: app }", "forward: app, rewritePath: /x }", StringComparison.Ordinal)
            .Replace("mode: cookie", "mode: hostName", StringComparison.Ordinal).Replace("port: 8080", "port: 8081", StringComparison.Ordinal);

        var plan = StackPlanner.Plan(Expand(changed), applied);

        Assert.Equal("""
            ~ router front (drain app-0, app-1 from farm app)
            ~ router front (farm app: port: 8080 -> 8081, +app-0, +app-1; ~rules; ~farm app)

            Plan: 0 to add, 1 to change, 0 to destroy.
            """, plan.ToText());
    }

    [Fact]
    public void Destroy_removes_the_router_before_the_vms()
    {
        var plan = StackPlanner.PlanDestroy("shop", Applied(Expand(ThreeTier)));

        Assert.Equal(["- loadBalancer tcp", "- router front", "- vm app-0", "- vm app-1", "- network app"], plan.Steps.Select(s => s.ToString()));
    }

    [Fact]
    public void A_router_may_not_take_a_balancers_name_held_outside_the_stack()
    {
        var actual = new ActualState { Others = [new ResourceRef(ResourceKind.LoadBalancer, "front")] };

        Assert.Throws<StackConflictException>(() => StackPlanner.Plan(Expand(ThreeTier), actual));
    }

    [Fact]
    public void The_three_tier_example_is_valid_with_its_static_directory_beside_it()
    {
        var path = Path.Combine(StackYaml.RepositoryRoot(), "examples", "three-tier-stack.yaml");

        var stack = StackExpander.Expand(StackFileReader.Load(path));

        Assert.Equal(["app-0", "app-1", "db"], stack.Vms.Select(v => v.Name));
        var router = Assert.Single(stack.Routers);
        Assert.Contains($"\"static\":\"{Path.Combine(StackYaml.RepositoryRoot(), "examples", "static")}\"", router.Definition, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(StackYaml.RepositoryRoot(), "examples", "static", "site.css")));
        Assert.Equal(new StackFarm("app", "app", 80, []), router.Farms.Single() with { Members = [] }, new FarmComparer());
        Assert.Equal(["app-0", "app-1"], router.MemberVms);
    }

    private sealed class FarmComparer : IEqualityComparer<StackFarm>
    {
        public bool Equals(StackFarm? x, StackFarm? y) => x is not null && y is not null && x.Name == y.Name && x.Network == y.Network && x.Port == y.Port && x.Members.SequenceEqual(y.Members);

        public int GetHashCode(StackFarm obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
