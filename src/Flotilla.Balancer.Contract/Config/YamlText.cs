using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flotilla.Balancer.Contract.Config;

/// <summary>
/// <see cref="LbConfigYaml"/>'s writer: a JSON tree as block YAML for flotilla-lb's reader, so the config file reads like the ones in its docs.
/// Strings are written as JSON strings, which are YAML double-quoted scalars: nothing a user wrote can become
/// YAML syntax (a <c>#</c>, a <c>: </c>, a leading <c>-</c>).
/// </summary>
internal static class YamlText
{
    public static string Write(JsonObject root)
    {
        var text = new StringBuilder();
        WriteObject(text, root, 0, firstPrefix: null);
        return text.ToString();
    }

    private static void WriteObject(StringBuilder text, JsonObject map, int indent, string? firstPrefix)
    {
        var first = true;
        foreach (var (key, value) in map)
        {
            if (value is null) continue;
            text.Append(first && firstPrefix is not null ? firstPrefix : new string(' ', indent));
            first = false;
            text.Append(key).Append(':');
            WriteValue(text, value, indent);
        }
        if (first) text.Append(firstPrefix ?? new string(' ', indent)).Append("{}\n");
    }

    private static void WriteValue(StringBuilder text, JsonNode value, int indent)
    {
        switch (value)
        {
            case JsonObject map when map.Count == 0:
                text.Append(" {}\n");
                break;
            case JsonObject map:
                text.Append('\n');
                WriteObject(text, map, indent + 2, firstPrefix: null);
                break;
            case JsonArray list when list.Count == 0:
                text.Append(" []\n");
                break;
            case JsonArray list:
                text.Append('\n');
                foreach (var item in list)
                {
                    var prefix = new string(' ', indent + 2) + "- ";
                    if (item is JsonObject element) WriteObject(text, element, indent + 4, prefix);
                    else text.Append(prefix).Append(Scalar(item)).Append('\n');
                }
                break;
            default:
                text.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static string Scalar(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => node.ToJsonString(),
        JsonValueKind.String => JsonSerializer.Serialize(node.GetValue<string>()),
        var kind => throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"not a scalar: {kind}")),
    };
}
