using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Flotilla.Daemon.Balancers;

/// <summary>
/// The host's one flotilla-lb config: every balancer of the store, in name order, in flotilla-lb's terms. A pool's
/// <c>network</c> becomes the <c>namespace</c> of that network on this host; labels stay with the daemon. The same
/// text is what the reader validates at PUT and what the process reads, so what was accepted is what runs.
/// </summary>
internal static partial class LbConfigText
{
    private const string Header = "# Written by flotillad from its balancers (flotilla lb list); edits here are overwritten.\n";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <param name="namespaceOf">A Flotilla network's namespace on this host.</param>
    public static string Render(int adminPort, IEnumerable<BalancerSpec> balancers, Func<string, string> namespaceOf)
    {
        var list = new JsonArray();
        foreach (var spec in balancers.OrderBy(b => b.Name, StringComparer.Ordinal)) list.Add(Balancer(spec, namespaceOf));
        var root = new JsonObject { ["balancers"] = list };
        var admin = string.Create(CultureInfo.InvariantCulture, $"admin: {{ address: 127.0.0.1, port: {adminPort} }}\n");
        return Header + admin + YamlText.Write(root);
    }

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

    [GeneratedRegex(@"^admin: \{ address: 127\.0\.0\.1, port: (\d+) \}$", RegexOptions.Multiline)]
    private static partial Regex AdminLine();
}
