using System.Text.Json;
using System.Text.Json.Nodes;
using Flotilla.Balancer.Contract.Config;

namespace Flotilla.Daemon.Balancers;

/// <summary>
/// The host's one flotilla-lb config, as the contract's records: every balancer of the store, in name order, in
/// flotilla-lb's terms, then every router under <c>routers:</c>. A pool's or farm's <c>network</c> becomes the
/// <c>namespace</c> of that network on this host; labels stay with the daemon. The same file is what the reader
/// validates at PUT and what the process reads, so what was accepted is what runs.
/// </summary>
internal static class HostLbConfig
{
    private const string Header = "Written by flotillad from its balancers (flotilla lb list); edits here are overwritten.";

    /// <param name="namespaceOf">A Flotilla network's namespace on this host.</param>
    /// <param name="affinityDir">
    /// Where a router without <c>affinityStore</c> keeps its affinity store and cookie keys (the daemon's lb folder, removed
    /// with the last balancer); null leaves flotilla-lb's default under /run/flotilla-lb, which nothing ever removes.
    /// </param>
    public static LbConfigFile Build(int adminPort, IEnumerable<BalancerSpec> specs, Func<string, string> namespaceOf, string? affinityDir = null)
    {
        var all = specs.ToList();
        return new LbConfigFile
        {
            Admin = new AdminEntry { Address = "127.0.0.1", Port = adminPort },
            Balancers = [.. Balancers(all).Select(b => Balancer(b, namespaceOf))],
            Routers = [.. Routers(all).Select(r => Router(r, namespaceOf, affinityDir))],
        };
    }

    /// <summary>The file flotilla-lb reads: <see cref="Build"/> written by the contract's serializer.</summary>
    public static string Render(int adminPort, IEnumerable<BalancerSpec> specs, Func<string, string> namespaceOf, string? affinityDir = null) =>
        LbConfigYaml.Write(Build(adminPort, specs, namespaceOf, affinityDir), Header);

    /// <summary>The routers in the order <see cref="Build"/> lists them (so <c>routers[i]</c> of a reader's error is the i-th).</summary>
    public static IReadOnlyList<BalancerSpec> Routers(IEnumerable<BalancerSpec> specs) =>
        [.. specs.Where(b => b.IsRouter).OrderBy(b => b.Name, StringComparer.Ordinal)];

    /// <summary>The balancers in the order <see cref="Build"/> lists them.</summary>
    public static IReadOnlyList<BalancerSpec> Balancers(IEnumerable<BalancerSpec> specs) =>
        [.. specs.Where(b => !b.IsRouter).OrderBy(b => b.Name, StringComparer.Ordinal)];

    /// <summary>The admin port of a config file, or null when it names none or is not one (a damaged file).</summary>
    public static int? AdminPort(string text)
    {
        try
        {
            return LbConfigYaml.Read(text).Admin?.Port;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static BalancerEntry Balancer(BalancerSpec spec, Func<string, string> namespaceOf) => new()
    {
        Name = spec.Name,
        FrontendAddress = spec.FrontendAddress ?? BalancerDefaults.FrontendAddress,
        BackendPools = [.. spec.BackendPools.Select(pool => new PoolEntry
        {
            Name = pool.Name,
            Namespace = pool.Network is { } network ? namespaceOf(network) : pool.Namespace,
            Members = [.. pool.Members.Select(m => new MemberEntry { Address = m.Address, Port = m.Port, Weight = m.Weight })],
        })],
        Probes = [.. spec.Probes.Select(p => new ProbeEntry
        {
            Name = p.Name, Protocol = p.Protocol, Port = p.Port, Path = p.Path, ExpectedStatus = p.ExpectedStatus, IntervalSeconds = p.IntervalSeconds,
            TimeoutSeconds = p.TimeoutSeconds, UnhealthyThreshold = p.UnhealthyThreshold, HealthyThreshold = p.HealthyThreshold,
        })],
        Rules = [.. spec.Rules.Select(r => new RuleEntry
        {
            Name = r.Name, Protocol = r.Protocol, FrontendPort = r.FrontendPort, BackendPort = r.BackendPort, BackendPool = r.BackendPool, Probe = r.Probe,
            Distribution = r.Distribution, IdleTimeoutMinutes = r.IdleTimeoutMinutes, IdleTimeoutSeconds = r.IdleTimeoutSeconds, EnableTcpReset = r.EnableTcpReset,
            SendProxyProtocol = r.SendProxyProtocol, DrainTimeoutSeconds = r.DrainTimeoutSeconds, ConnectTimeoutSeconds = r.ConnectTimeoutSeconds,
        })],
    };

    /// <summary>The router's keys after its name; a farm's <c>network</c> becomes its namespace, its <c>port</c> each portless member's.</summary>
    private static RouterEntry Router(BalancerSpec spec, Func<string, string> namespaceOf, string? affinityDir)
    {
        var keys = new JsonObject();
        foreach (var (key, value) in spec.Router!)
        {
            if (key == "name") continue;
            keys[key] = key == "farms" && value is JsonArray farms ? new JsonArray([.. farms.Select(f => Farm(f, namespaceOf))]) : value?.DeepClone();
        }
        if (affinityDir is not null && !keys.ContainsKey("affinityStore")) keys["affinityStore"] = Path.Combine(affinityDir, spec.Name + ".affinity.sqlite");
        return new RouterEntry { Name = spec.Name, Keys = keys };
    }

    private static JsonNode? Farm(JsonNode? farm, Func<string, string> namespaceOf)
    {
        if (farm is not JsonObject map) return farm?.DeepClone();
        var port = map["port"]?.DeepClone();
        var node = new JsonObject();
        foreach (var (key, value) in map)
        {
            switch (key)
            {
                case "port":
                    break;
                case "network" when value?.GetValueKind() == JsonValueKind.String:
                    node["namespace"] = namespaceOf(value.GetValue<string>());
                    break;
                case "members" when value is JsonArray members && port is not null:
                    node[key] = new JsonArray([.. members.Select(m => m is JsonObject member && !member.ContainsKey("port") ? WithPort(member, port) : m?.DeepClone())]);
                    break;
                default:
                    node[key] = value?.DeepClone();
                    break;
            }
        }
        return node;
    }

    private static JsonObject WithPort(JsonObject member, JsonNode port)
    {
        var copy = member.DeepClone().AsObject();
        copy["port"] = port.DeepClone();
        return copy;
    }
}
