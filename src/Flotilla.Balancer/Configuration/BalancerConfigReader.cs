using System.Net;
using Flotilla.Balancer.Namespaces;
using Flotilla.Core.Specs;

namespace Flotilla.Balancer.Configuration;

/// <summary>Reads one item of <c>balancers:</c> and checks its pools, probes and rules refer to each other.</summary>
internal static class BalancerConfigReader
{
    public static BalancerConfig Read(YamlMap map)
    {
        var name = map.RequiredString("name");
        var frontend = map.RequiredString("frontendAddress");
        LbConfigReader.ParseAddress(map, "frontendAddress", frontend);

        var pools = ReadList(map, "backendPools", "pool", ReadPool);
        var probes = ReadList(map, "probes", "probe", ProbeConfigReader.Read);
        var rules = ReadList(map, "rules", "rule", r => RuleConfigReader.Read(r, pools, probes));
        map.RejectUnknownKeys();
        return new BalancerConfig { Name = name, FrontendAddress = frontend, BackendPools = pools, Probes = probes, Rules = rules };
    }

    private static List<T> ReadList<T>(YamlMap map, string key, string kind, Func<YamlMap, T> read)
        where T : class
    {
        var names = new UniqueNames(kind);
        var items = new List<T>();
        foreach (var item in map.Maps(key))
        {
            var value = read(item);
            names.Add(item, "name", item.RequiredString("name"));
            items.Add(value);
        }

        return items;
    }

    private static BackendPoolConfig ReadPool(YamlMap map)
    {
        var name = map.RequiredString("name");
        var network = map.OptionalString("namespace");
        if (network is not null && NamespaceFile.Problem(network) is { } problem)
        {
            // Checked here, not only when applied: --check and a reload reject it like any typo.
            throw map.Error("namespace", problem);
        }

        var members = new List<MemberConfig>();
        var seen = new HashSet<(IPAddress, int?)>();
        foreach (var item in map.Maps("members"))
        {
            var address = item.RequiredString("address");
            var ip = LbConfigReader.ParseAddress(item, "address", address);
            var member = new MemberConfig
            {
                Address = address,
                Port = item.OptionalInt("port", 1, 65535),
                Weight = item.Int("weight", 1, 1, 1000),
            };
            item.RejectUnknownKeys();
            if (!seen.Add((ip, member.Port)))
            {
                throw item.Error("address", $"member {address}{(member.Port is { } p ? $":{p}" : "")} is listed twice in pool '{name}'");
            }

            members.Add(member);
        }

        map.RejectUnknownKeys();
        return new BackendPoolConfig { Name = name, Namespace = network, Members = members };
    }
}
