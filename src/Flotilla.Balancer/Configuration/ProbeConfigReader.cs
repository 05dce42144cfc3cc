using Flotilla.Core.Specs;

namespace Flotilla.Balancer.Configuration;

internal static class ProbeConfigReader
{
    public static ProbeConfig Read(YamlMap map)
    {
        var protocol = map.Enum("protocol", ProbeProtocol.Tcp);
        var interval = map.Int("intervalSeconds", 5, 1, 3600);
        var probe = new ProbeConfig
        {
            Name = map.RequiredString("name"),
            Protocol = protocol,
            Port = map.OptionalInt("port", 1, 65535),
            Path = map.OptionalString("path") ?? "/",
            ExpectedStatus = map.Int("expectedStatus", 200, 100, 599),
            IntervalSeconds = interval,
            TimeoutSeconds = map.Int("timeoutSeconds", Math.Min(interval, 5), 1, 3600),
            UnhealthyThreshold = map.Int("unhealthyThreshold", 2, 1, 100),
            HealthyThreshold = map.Int("healthyThreshold", 1, 1, 100),
        };

        if (protocol == ProbeProtocol.Tcp && (map.Has("path") || map.Has("expectedStatus")))
        {
            throw map.Error(map.Has("path") ? "path" : "expectedStatus", "applies to http and https probes only");
        }

        if (!probe.Path.StartsWith('/'))
        {
            throw map.Error("path", $"must start with '/', got '{probe.Path}'");
        }

        map.RejectUnknownKeys();
        return probe;
    }
}
