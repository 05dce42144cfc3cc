using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Flotilla.Balancer.Contract.Config;

/// <summary>
/// <see cref="LbConfigYaml"/>'s reader: a YAML document as a JSON tree. A quoted scalar is a string; a plain one is
/// null, a bool or a number when it reads as one (YAML's core schema), else a string.
/// </summary>
internal static class YamlTree
{
    /// <exception cref="FormatException">Not YAML (a key given twice too): <c>line:col: problem</c>.</exception>
    public static JsonNode? Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{e.Start.Line}:{e.Start.Column}: {e.Message}"), e);
        }

        return stream.Documents.Count == 0 ? null : Node(stream.Documents[0].RootNode);
    }

    private static JsonNode? Node(YamlNode node) => node switch
    {
        YamlMappingNode map => Map(map),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(Node)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{node.Start.Line}:{node.Start.Column}: unsupported YAML node")),
    };

    private static JsonObject Map(YamlMappingNode map)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value ??
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{key.Start.Line}:{key.Start.Column}: a key must be a scalar"));
            // YamlDotNet refuses a key given twice while loading.
            result[name] = Node(value);
        }

        return result;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain) return JsonValue.Create(text);
        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            _ when IsDecimal(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => JsonValue.Create(real),
            _ => JsonValue.Create(text),
        };
    }

    // Digits with a point or an exponent; not "Infinity" or "NaN", which YAML writes as .inf and .nan.
    private static bool IsDecimal(string text) =>
        text.Any(char.IsAsciiDigit) && text.All(c => char.IsAsciiDigit(c) || c is '.' or '-' or '+' or 'e' or 'E');
}
