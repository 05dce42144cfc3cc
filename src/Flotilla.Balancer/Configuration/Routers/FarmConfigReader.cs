using System.Net;
using Flotilla.Balancer.L7.Rules;
using Flotilla.Balancer.Namespaces;
using Flotilla.Core.Specs;

namespace Flotilla.Balancer.Configuration.Routers;

/// <summary>Reads one farm: members, algorithm, affinity, health, retries and timeouts.</summary>
internal static class FarmConfigReader
{
    public static FarmConfig Read(YamlMap map)
    {
        var name = map.RequiredString("name");
        var network = map.OptionalString("namespace");
        if (network is not null && NamespaceFile.Problem(network) is { } problem)
        {
            throw map.Error("namespace", problem);
        }

        var algorithm = map.Enum("algorithm", FarmAlgorithm.RoundRobin);
        var hashOn = map.OptionalString("hashOn");
        if (algorithm == FarmAlgorithm.Hash)
        {
            CheckHashOn(map, hashOn ?? throw map.Error("hashOn", "is required with algorithm hash (url, query, header:NAME or var:NAME)"));
        }
        else if (hashOn is not null)
        {
            throw map.Error("hashOn", "applies to algorithm hash only");
        }

        var timeouts = map.OptionalMap("timeouts");
        var health = map.OptionalMap("health");
        var farm = new FarmConfig
        {
            Name = name,
            Namespace = network,
            Members = Members(map, name),
            Algorithm = algorithm,
            HashOn = hashOn,
            Affinity = map.OptionalMap("affinity") is { } a ? Affinity(a) : null,
            ActiveHealth = health?.OptionalMap("active") is { } active ? Active(active) : null,
            PassiveHealth = health?.OptionalMap("passive") is { } passive ? Passive(passive) : null,
            Retries = map.Int("retries", 2, 0, 10),
            ConnectTimeoutSeconds = timeouts?.Int("connect", 5, 1, 300) ?? 5,
            RequestTimeoutSeconds = timeouts?.Int("request", 100, 1, 86400) ?? 100,
        };
        health?.RejectUnknownKeys();
        timeouts?.RejectUnknownKeys();
        map.RejectUnknownKeys();
        return farm;
    }

    private static List<FarmMemberConfig> Members(YamlMap map, string farm)
    {
        var members = new List<FarmMemberConfig>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in map.Maps("members"))
        {
            var address = item.RequiredString("address");
            var ip = LbConfigReader.ParseAddress(item, "address", address);
            var member = new FarmMemberConfig
            {
                Address = ip.ToString(),
                Port = item.OptionalInt("port", 1, 65535) ?? throw item.Error("port", "is required"),
                Weight = item.Int("weight", 1, 1, 1000),
            };
            item.RejectUnknownKeys();
            if (!seen.Add(member.Key))
            {
                throw item.Error("address", $"member {member.Key} is listed twice in farm '{farm}'");
            }

            members.Add(member);
        }

        return members;
    }

    private static void CheckHashOn(YamlMap map, string hashOn)
    {
        var ok = hashOn switch
        {
            "url" or "query" => true,
            _ when hashOn.StartsWith("header:", StringComparison.Ordinal) => hashOn.Length > 7,
            _ when hashOn.StartsWith("var:", StringComparison.Ordinal) => ServerVariables.IsKnown(hashOn[4..]),
            _ => false,
        };
        if (!ok)
        {
            throw map.Error("hashOn", $"'{hashOn}' is not url, query, header:NAME or var:SERVER_VARIABLE");
        }
    }

    private static AffinityConfig Affinity(YamlMap map)
    {
        var mode = map.OptionalString("mode") ?? throw map.Error("mode", "is required (cookie or hostName)");
        var affinity = mode switch
        {
            "cookie" => new AffinityConfig { Mode = AffinityMode.Cookie, CookieName = map.OptionalString("cookieName") ?? "ARRAffinity" },
            "hostName" => new AffinityConfig { Mode = AffinityMode.HostName },
            _ => throw map.Error("mode", $"'{mode}' is not one of: cookie, hostName"),
        };
        map.RejectUnknownKeys();
        return affinity;
    }

    private static ActiveHealthConfig Active(YamlMap map)
    {
        var interval = map.Int("interval", 5, 1, 3600);
        var health = new ActiveHealthConfig
        {
            Path = map.OptionalString("path") ?? "/",
            IntervalSeconds = interval,
            TimeoutSeconds = map.Int("timeout", Math.Min(interval, 5), 1, 3600),
            ExpectStatus = map.OptionalString("expectStatus") ?? "200-399",
            ExpectBody = map.OptionalString("expectBody"),
        };
        if (!health.Path.StartsWith('/'))
        {
            throw map.Error("path", $"must start with '/', got '{health.Path}'");
        }

        if (!StatusRange.TryParse(health.ExpectStatus, out _))
        {
            throw map.Error("expectStatus", $"'{health.ExpectStatus}' is not a status (200) or range (200-399)");
        }

        map.RejectUnknownKeys();
        return health;
    }

    private static PassiveHealthConfig Passive(YamlMap map)
    {
        var health = new PassiveHealthConfig
        {
            ConsecutiveFailures = map.Int("consecutiveFailures", 3, 1, 1000),
            EjectForSeconds = map.Int("ejectFor", 30, 1, 86400),
        };
        map.RejectUnknownKeys();
        return health;
    }
}
