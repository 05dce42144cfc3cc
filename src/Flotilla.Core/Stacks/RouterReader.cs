using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>
/// Reads one item of <c>routers:</c>. flotilla-lb's own keys (rules, conditions, actions, farm policies) pass through
/// as a JSON tree, judged on the daemon by flotilla-lb's reader, whose errors come back at this file's line through
/// <see cref="RouterDeclaration.Locations"/>; so the stack layer never re-declares them and cannot drift from them.
/// Read here: the name; farms' <c>members</c> (the stack's VMs), <c>network</c> and <c>port</c>; listener addresses
/// (default 127.0.0.1, as balancer frontends); and paths (<c>static</c>, <c>tls</c> files, <c>affinityStore</c>),
/// made absolute from the stack file's folder because flotilla-lb reads them on this host.
/// </summary>
internal static partial class RouterReader
{
    /// <summary>The keys that name files or directories flotilla-lb opens: a rule's static directory, a certificate and its key.</summary>
    [GeneratedRegex(@"^(rules\[\d+\]\.static|listeners\[\d+\]\.tls\.certificates\[\d+\]\.(cert|key))$")]
    private static partial Regex FilePath();

    public static RouterDeclaration Read(YamlMap map, string? directory)
    {
        var name = NetworkReader.ReadName(map, "router");
        var locations = new Dictionary<string, SpecLocation>(StringComparer.Ordinal);
        var definition = new JsonObject();
        var farms = new List<FarmDeclaration>();
        var listeners = new List<(IPAddress, int, SpecOrigin)>();
        foreach (var (key, value) in map.Entries())
        {
            switch (key)
            {
                case "name":
                    break;
                case "listeners":
                    definition[key] = Items(value, key, locations, (item, path) => Listener(item, path, directory, locations, listeners));
                    break;
                case "farms":
                    definition[key] = Items(value, key, locations, (item, path) => Farm(item, path, locations, farms));
                    break;
                case "rules":
                    definition[key] = Items(value, key, locations, (item, path) => Tree(item, path, locations, directory));
                    break;
                case "affinityStore":
                    locations[key] = value.Location;
                    definition[key] = AbsolutePath(value, directory);
                    break;
                default:
                    definition[key] = Tree(value, key, locations, directory);
                    break;
            }
        }

        return new RouterDeclaration
        {
            Name = name,
            Definition = RouterJson.Text(definition),
            Farms = farms,
            Listeners = listeners,
            Locations = locations,
            Origin = map.Origin(),
        };
    }

    private static JsonArray Items(YamlValue value, string path, Dictionary<string, SpecLocation> locations, Func<YamlValue, string, JsonNode> read)
    {
        locations[path] = value.Location;
        var items = value.Sequence ?? throw value.Error("expected a list");
        var list = new JsonArray();
        for (var i = 0; i < items.Count; i++) list.Add(read(items[i], $"{path}[{i}]"));
        return list;
    }

    private static JsonNode Listener(YamlValue value, string path, string? directory, Dictionary<string, SpecLocation> locations, List<(IPAddress, int, SpecOrigin)> listeners)
    {
        var map = value.Map ?? throw value.Error("expected a mapping with address and port");
        var node = Tree(value, path, locations, directory).AsObject();
        if (!node.ContainsKey("address")) node.Insert(0, "address", RouterDeclaration.DefaultListenerAddress);
        var address = node["address"]!.ToString();
        var port = node["port"]?.ToString();
        if (IPAddress.TryParse(address, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork
            && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and <= 65535)
        {
            listeners.Add((ip, number, map.Origin()));
        }

        return node;
    }

    private static JsonNode Farm(YamlValue value, string path, Dictionary<string, SpecLocation> locations, List<FarmDeclaration> farms)
    {
        var map = value.Map ?? throw value.Error("expected a mapping with name and members");
        locations[path] = value.Location;
        var name = map.RequiredString("name");
        if (map.Has("namespace"))
        {
            throw map.Error("namespace", "a stack's farm is on its members' network (or network:), which gives flotilla-lb the namespace");
        }

        var members = map.List("members").Select(LoadBalancerReader.ReadMember).ToList();
        farms.Add(new FarmDeclaration(name, map.OptionalString("network"), map.Int("port", FarmDeclaration.DefaultPort, 1, 65535), members, map.Origin()));
        var node = new JsonObject();
        foreach (var (key, item) in map.Entries())
        {
            if (key is "members" or "network" or "port") continue;
            node[key] = Tree(item, $"{path}.{key}", locations, null);
        }

        return node;
    }

    /// <summary>Any value as JSON, recording where each key was written; the paths of <see cref="FilePath"/> made absolute.</summary>
    private static JsonNode Tree(YamlValue value, string path, Dictionary<string, SpecLocation> locations, string? directory)
    {
        locations[path] = value.Location;
        if (value.Map is { } map)
        {
            var node = new JsonObject();
            foreach (var (key, item) in map.Entries())
            {
                var at = $"{path}.{key}";
                node[key] = item.Scalar is not null && FilePath().IsMatch(at)
                    ? Record(AbsolutePath(item, directory), at, item, locations)
                    : Tree(item, at, locations, directory);
            }

            return node;
        }

        if (value.Sequence is { } items)
        {
            var list = new JsonArray();
            for (var i = 0; i < items.Count; i++) list.Add(Tree(items[i], $"{path}[{i}]", locations, directory));
            return list;
        }

        return RouterJson.Scalar(value.Scalar);
    }

    private static JsonNode Record(JsonNode node, string path, YamlValue value, Dictionary<string, SpecLocation> locations)
    {
        locations[path] = value.Location;
        return node;
    }

    private static JsonValue AbsolutePath(YamlValue value, string? directory)
    {
        var path = value.RequiredScalar("a path");
        if (Path.IsPathRooted(path)) return JsonValue.Create(path);
        return directory is null
            ? throw value.Error($"'{path}' is relative and the stack file's folder is not known here: give an absolute path")
            : JsonValue.Create(Path.GetFullPath(path, directory));
    }
}
