using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Flotilla.Daemon.Balancers;

/// <summary>
/// The host's one flotilla-lb config: every balancer of the store, in name order, in flotilla-lb's terms, then every
/// router under <c>routers:</c>. A pool's or farm's <c>network</c> becomes the <c>namespace</c> of that network on
/// this host; labels stay with the daemon. The same text is what the reader validates at PUT and what the process
/// reads, so what was accepted is what runs.
/// </summary>
internal static partial class LbConfigText
{
    private const string Header = "# Written by flotillad from its balancers (flotilla lb list); edits here are overwritten.\n";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <param name="namespaceOf">A Flotilla network's namespace on this host.</param>
    /// <param name="affinityDir">
    /// Where a router without <c>affinityStore</c> keeps its affinity store and cookie keys (the daemon's lb folder, removed
    /// with the last balancer); null leaves flotilla-lb's default under /run/flotilla-lb, which nothing ever removes.
    /// </param>
    public static string Render(int adminPort, IEnumerable<BalancerSpec> balancers, Func<string, string> namespaceOf, string? affinityDir = null)
    {
        var all = balancers.ToList();
        var list = new JsonArray();
        foreach (var spec in all.Where(b => !b.IsRouter).OrderBy(b => b.Name, StringComparer.Ordinal)) list.Add(Balancer(spec, namespaceOf));
        var root = new JsonObject { ["balancers"] = list };
        var routers = Routers(all);
        // Without routers the file is as before routers existed, so a host's live config (and its hash) is unchanged.
        if (routers.Count > 0) root["routers"] = new JsonArray([.. routers.Select(r => (JsonNode)Router(r, namespaceOf, affinityDir))]);
        var admin = string.Create(CultureInfo.InvariantCulture, $"admin: {{ address: 127.0.0.1, port: {adminPort} }}\n");
        return Header + admin + YamlText.Write(root);
    }

    /// <summary>The routers in the order <see cref="Render"/> writes them (so <c>routers[i]</c> of a reader's error is the i-th).</summary>
    public static IReadOnlyList<BalancerSpec> Routers(IEnumerable<BalancerSpec> specs) =>
        [.. specs.Where(b => b.IsRouter).OrderBy(b => b.Name, StringComparer.Ordinal)];

    /// <summary>The balancers in the order <see cref="Render"/> writes them.</summary>
    public static IReadOnlyList<BalancerSpec> Balancers(IEnumerable<BalancerSpec> specs) =>
        [.. specs.Where(b => !b.IsRouter).OrderBy(b => b.Name, StringComparer.Ordinal)];

    /// <summary>The admin port a config written by <see cref="Render"/> names, or null.</summary>
    public static int? AdminPort(string text) =>
        AdminLine().Match(text) is { Success: true } m ? int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : null;

    private static JsonObject Balancer(BalancerSpec spec, Func<string, string> namespaceOf)
    {
        var pools = new JsonArray();
        foreach (var pool in spec.BackendPools)
        {
            var node = JsonSerializer.SerializeToNode(pool with { Network = null }, Json)!.AsObject();
            if (pool.Network is { } network) node["namespace"] = namespaceOf(network);
            pools.Add(node);
        }
        return new JsonObject
        {
            ["name"] = spec.Name,
            ["frontendAddress"] = spec.FrontendAddress ?? BalancerDefaults.FrontendAddress,
            ["backendPools"] = pools,
            ["probes"] = JsonSerializer.SerializeToNode(spec.Probes, Json),
            ["rules"] = JsonSerializer.SerializeToNode(spec.Rules, Json),
        };
    }

    /// <summary>The router's keys after its name; a farm's <c>network</c> becomes its namespace, its <c>port</c> each portless member's.</summary>
    private static JsonObject Router(BalancerSpec spec, Func<string, string> namespaceOf, string? affinityDir)
    {
        var router = new JsonObject { ["name"] = spec.Name };
        foreach (var (key, value) in spec.Router!)
        {
            if (key == "name") continue;
            router[key] = key == "farms" && value is JsonArray farms ? new JsonArray([.. farms.Select(f => Farm(f, namespaceOf))]) : value?.DeepClone();
        }
        if (affinityDir is not null && !router.ContainsKey("affinityStore")) router["affinityStore"] = Path.Combine(affinityDir, spec.Name + ".affinity.sqlite");
        return router;
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

    [GeneratedRegex(@"^admin: \{ address: 127\.0\.0\.1, port: (\d+) \}$", RegexOptions.Multiline)]
    private static partial Regex AdminLine();
}
