using Flotilla.Core.Specs;

namespace Flotilla.Balancer.Configuration;

internal static class RuleConfigReader
{
    public static RuleConfig Read(YamlMap map, IReadOnlyList<BackendPoolConfig> pools, IReadOnlyList<ProbeConfig> probes)
    {
        var frontendPort = map.OptionalInt("frontendPort", 1, 65535) ?? throw map.Error("frontendPort", "is required");
        var pool = map.RequiredString("backendPool");
        if (pools.All(p => p.Name != pool))
        {
            throw map.Error("backendPool", $"unknown pool '{pool}' (known: {Known(pools.Select(p => p.Name))})");
        }

        var probe = map.OptionalString("probe");
        if (probe is not null && probes.All(p => p.Name != probe))
        {
            throw map.Error("probe", $"unknown probe '{probe}' (known: {Known(probes.Select(p => p.Name))})");
        }

        if (map.Has("idleTimeoutMinutes") && map.Has("idleTimeoutSeconds"))
        {
            throw map.Error("idleTimeoutSeconds", "give idleTimeoutMinutes or idleTimeoutSeconds, not both");
        }

        var idle = map.OptionalInt("idleTimeoutSeconds", 1, 6000) is { } seconds
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(map.Int("idleTimeoutMinutes", 4, 1, 100));

        var rule = new RuleConfig
        {
            Name = map.RequiredString("name"),
            Protocol = map.Enum("protocol", RuleProtocol.Tcp),
            FrontendPort = frontendPort,
            BackendPort = map.OptionalInt("backendPort", 1, 65535) ?? frontendPort,
            BackendPool = pool,
            Probe = probe,
            Distribution = map.Enum("distribution", Distribution.Default),
            IdleTimeout = idle,
            EnableTcpReset = map.Bool("enableTcpReset", false),
            SendProxyProtocol = map.Bool("sendProxyProtocol", false),
            DrainTimeoutSeconds = map.OptionalInt("drainTimeoutSeconds", 0, 86400),
            ConnectTimeoutSeconds = map.Int("connectTimeoutSeconds", 3, 1, 300),
        };

        if (rule.Protocol == RuleProtocol.Udp && rule.SendProxyProtocol)
        {
            throw map.Error("sendProxyProtocol", "is supported on tcp rules only");
        }

        map.RejectUnknownKeys();
        return rule;
    }

    private static string Known(IEnumerable<string> names)
    {
        var list = string.Join(", ", names);
        return list.Length == 0 ? "none defined" : list;
    }
}
