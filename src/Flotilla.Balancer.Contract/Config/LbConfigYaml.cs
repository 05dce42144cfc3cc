using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Flotilla.Balancer.Contract.Config;

/// <summary>
/// The one serializer of flotilla-lb's config file: <see cref="LbConfigFile"/> to YAML and back. YAML is the format
/// users read and edit (docs/flotilla-lb.md); the records map to it through their JSON shape (camelCase keys, nulls
/// left out), so a key is named once, by its property. flotilla-lb's own reader (line:col and key path in every
/// error) judges what a file means; <see cref="Read"/> only maps a file onto the records.
/// </summary>
public static class LbConfigYaml
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <param name="comment">Written first, each line as a <c># </c> comment (who wrote the file and why not to edit it).</param>
    public static string Write(LbConfigFile file, string? comment = null)
    {
        var text = new StringBuilder();
        foreach (var line in comment?.Split('\n') ?? []) text.Append("# ").Append(line).Append('\n');
        // One flow line, as every config in the docs starts and as flotillad has always written it.
        if (file.Admin is { } admin) text.Append(CultureInfo.InvariantCulture, $"admin: {{ address: {Plain(admin.Address)}, port: {admin.Port} }}\n");
        var root = JsonSerializer.SerializeToNode(file with { Admin = null, Routers = [] }, Json)!.AsObject();
        root.Remove("routers");
        // Without routers the file is as before routers existed, so a host's live config (and its hash) is unchanged.
        if (file.Routers.Count > 0) root["routers"] = new JsonArray([.. file.Routers.Select(Router)]);
        return text.Append(YamlText.Write(root)).ToString();
    }

    /// <exception cref="FormatException">The text is not YAML, or not in the file's shape: one line saying where.</exception>
    public static LbConfigFile Read(string yaml)
    {
        try
        {
            if (YamlTree.Parse(yaml) is not JsonObject root) return new LbConfigFile();
            var routers = root["routers"] as JsonArray;
            root.Remove("routers");
            var file = root.Deserialize<LbConfigFile>(Json)!;
            return routers is null ? file : file with { Routers = [.. routers.Select((r, i) => Router(r, i))] };
        }
        catch (JsonException e)
        {
            throw new FormatException($"{e.Path?.TrimStart('$', '.')}: {e.Message}", e);
        }
    }

    private static JsonNode Router(RouterEntry router)
    {
        var node = new JsonObject { ["name"] = router.Name };
        foreach (var (key, value) in router.Keys) node[key] = value?.DeepClone();
        return node;
    }

    private static RouterEntry Router(JsonNode? node, int index)
    {
        if (node is not JsonObject map) throw new FormatException($"routers[{index}]: is not a map");
        var keys = map.DeepClone().AsObject();
        keys.Remove("name");
        return new RouterEntry { Name = map["name"]?.ToString(), Keys = keys };
    }

    // An address is written bare (127.0.0.1, ::1); anything else as a JSON string, which YAML reads as itself.
    private static string Plain(string address) =>
        address.Length > 0 && address.All(c => char.IsAsciiHexDigit(c) || c is '.' or ':') ? address : JsonSerializer.Serialize(address);
}
