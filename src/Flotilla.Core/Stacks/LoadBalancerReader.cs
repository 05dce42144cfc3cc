using System.Net;
using System.Net.Sockets;
using Flotilla.Core.Naming;
using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>
/// Reads one item of <c>loadBalancers:</c>, with flotilla-lb's keys and defaults (docs/flotilla-lb.md) except that pool
/// members name VMs. Names referring to each other (a rule's pool and probe) are checked by <see cref="StackValidator"/>.
/// </summary>
internal static class LoadBalancerReader
{
    public static LoadBalancerDeclaration Read(YamlMap map)
    {
        var name = NetworkReader.ReadName(map, "load balancer");
        var frontend = map.OptionalString("frontendAddress") ?? LoadBalancerDeclaration.DefaultFrontendAddress;
        if (!IPAddress.TryParse(frontend, out var address) || address.AddressFamily != AddressFamily.InterNetwork || frontend.Count(c => c == '.') != 3)
        {
            throw map.Error("frontendAddress", $"'{frontend}' is not an IPv4 address of this host (e.g. 127.0.0.1, or 0.0.0.0 for every address)");
        }

        var balancer = new LoadBalancerDeclaration
        {
            Name = name,
            FrontendAddress = frontend,
            Pools = map.Maps("backendPools").Select(ReadPool).ToList(),
            Probes = map.Maps("probes").Select(ReadProbe).ToList(),
            Rules = map.Maps("rules").Select(ReadRule).ToList(),
            Origin = map.Origin(),
        };
        map.RejectUnknownKeys();
        return balancer;
    }

    private static PoolDeclaration ReadPool(YamlMap map)
    {
        var pool = new PoolDeclaration(ItemName(map), map.OptionalString("network"), map.List("members").Select(ReadMember).ToList(), map.Origin());
        map.RejectUnknownKeys();
        return pool;
    }

    /// <summary>A member: <c>- web[*]</c>, or <c>- { vm: web[*], weight: 2 }</c>.</summary>
    internal static PoolMemberDeclaration ReadMember(YamlValue value)
    {
        if (value.Scalar is { } text)
        {
            return new PoolMemberDeclaration(ParseReference(text, value.Error), 1, value.Origin);
        }

        if (value.Map is not { } map)
        {
            throw value.Error("expected a VM (web[*], web[0], web-0) or a mapping with vm and weight");
        }

        var reference = ParseReference(map.RequiredString("vm"), problem => map.Error("vm", problem));
        var member = new PoolMemberDeclaration(reference, map.Int("weight", 1, 1, 1000), map.Origin());
        map.RejectUnknownKeys();
        return member;
    }

    private static VmReference ParseReference(string text, Func<string, SpecException> error) =>
        VmReference.TryParse(text) ?? throw error($"'{text}' is not a VM reference: write NAME[*] for every instance, NAME[N] for one, or a VM's name");

    private static ProbeDeclaration ReadProbe(YamlMap map)
    {
        var protocol = map.Enum("protocol", BalancerProbeProtocol.Tcp);
        var interval = map.Int("intervalSeconds", 5, 1, 3600);
        var probe = new StackProbe
        {
            Name = ItemName(map),
            Protocol = protocol,
            Port = map.OptionalInt("port", 1, 65535),
            Path = map.OptionalString("path") ?? "/",
            ExpectedStatus = map.Int("expectedStatus", 200, 100, 599),
            IntervalSeconds = interval,
            TimeoutSeconds = map.Int("timeoutSeconds", Math.Min(interval, 5), 1, 3600),
            UnhealthyThreshold = map.Int("unhealthyThreshold", 2, 1, 100),
            HealthyThreshold = map.Int("healthyThreshold", 1, 1, 100),
        };

        if (protocol == BalancerProbeProtocol.Tcp && (map.Has("path") || map.Has("expectedStatus")))
        {
            throw map.Error(map.Has("path") ? "path" : "expectedStatus", "applies to http and https probes only");
        }

        if (!probe.Path.StartsWith('/'))
        {
            throw map.Error("path", $"must start with '/', got '{probe.Path}'");
        }

        map.RejectUnknownKeys();
        return new ProbeDeclaration(probe, map.Origin());
    }

    private static RuleDeclaration ReadRule(YamlMap map)
    {
        var frontendPort = map.OptionalInt("frontendPort", 1, 65535) ?? throw map.Error("frontendPort", "is required");
        var rule = new StackRule
        {
            Name = ItemName(map),
            Protocol = map.Enum("protocol", BalancerRuleProtocol.Tcp),
            FrontendPort = frontendPort,
            BackendPort = map.OptionalInt("backendPort", 1, 65535) ?? frontendPort,
            BackendPool = map.RequiredString("backendPool"),
            Probe = map.OptionalString("probe"),
            Distribution = map.Enum("distribution", LoadDistribution.Default),
            IdleTimeoutMinutes = map.Int("idleTimeoutMinutes", 4, 1, 100),
            EnableTcpReset = map.Bool("enableTcpReset", false),
            DrainTimeoutSeconds = map.OptionalInt("drainTimeoutSeconds", 0, 86400),
        };
        map.RejectUnknownKeys();
        return new RuleDeclaration(rule, map.Origin());
    }

    /// <summary>Pools, probes and rules are named within their balancer; a DNS label keeps plan text and metrics labels plain.</summary>
    private static string ItemName(YamlMap map)
    {
        var name = map.RequiredString("name");
        return ResourceName.IsValid(name) ? name : throw map.Error("name", $"'{name}' is not a valid name: use lowercase letters, digits and dashes");
    }
}
