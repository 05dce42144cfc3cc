using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Flotilla.Core.Specs;

/// <summary>
/// A strict view of one YAML mapping: typed getters that fail with the file, line and key
/// path, and <see cref="RejectUnknownKeys"/> so a misspelt key is an error, not a silent default.
/// </summary>
public sealed class YamlMap
{
    private readonly YamlMappingNode _node;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public YamlMap(YamlMappingNode node, string file, string path)
    {
        _node = node;
        File = file;
        Path = path;
    }

    public string File { get; }

    /// <summary>The key path of this mapping, e.g. <c>balancers[0]</c>.</summary>
    public string Path { get; }

    public SpecLocation Location => LocationOf(_node, File);

    public static SpecLocation LocationOf(YamlNode node, string file) =>
        new(file, (int)node.Start.Line, (int)node.Start.Column);

    public string KeyPath(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public SpecException Error(string key, string problem) =>
        new(LocationOf(key), KeyPath(key), problem);

    public SpecLocation LocationOf(string key) =>
        Find(key) is { } node ? LocationOf(node, File) : Location;

    public bool Has(string key) => Find(key) is not null;

    public string RequiredString(string key) =>
        OptionalString(key) ?? throw new SpecException(Location, KeyPath(key), "is required");

    public string? OptionalString(string key)
    {
        if (Find(key) is not { } node)
        {
            return null;
        }

        return node is YamlScalarNode { Value: { Length: > 0 } value }
            ? value
            : throw Error(key, "expected a non-empty text value");
    }

    public int? OptionalInt(string key, int min, int max)
    {
        if (OptionalString(key) is not { } text)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(key, $"expected a whole number, got '{text}'");
        }

        return value < min || value > max
            ? throw Error(key, $"{value} is out of range ({min}..{max})")
            : value;
    }

    public int Int(string key, int defaultValue, int min, int max) => OptionalInt(key, min, max) ?? defaultValue;

    public bool Bool(string key, bool defaultValue)
    {
        if (OptionalString(key) is not { } text)
        {
            return defaultValue;
        }

        return text.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Error(key, $"expected true or false, got '{text}'"),
        };
    }

    /// <summary>Reads an enum by name, case-insensitively, naming the allowed values on error.</summary>
    public T Enum<T>(string key, T defaultValue)
        where T : struct, Enum
    {
        if (OptionalString(key) is not { } text)
        {
            return defaultValue;
        }

        return System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !char.IsDigit(text[0])
            ? value
            : throw Error(key, $"'{text}' is not one of: {string.Join(", ", System.Enum.GetNames<T>())}");
    }

    public YamlMap? OptionalMap(string key)
    {
        if (Find(key) is not { } node)
        {
            return null;
        }

        return node is YamlMappingNode map
            ? new YamlMap(map, File, KeyPath(key))
            : throw Error(key, "expected a mapping of keys");
    }

    /// <summary>The items of a sequence of mappings; a missing key is an empty list.</summary>
    public IReadOnlyList<YamlMap> Maps(string key)
    {
        if (Find(key) is not { } node)
        {
            return [];
        }

        if (node is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            throw Error(key, "expected a list");
        }

        var items = new List<YamlMap>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var path = $"{KeyPath(key)}[{i}]";
            items.Add(sequence.Children[i] is YamlMappingNode map
                ? new YamlMap(map, File, path)
                : throw new SpecException(LocationOf(sequence.Children[i], File), path, "expected a mapping of keys"));
        }

        return items;
    }

    /// <summary>Where this mapping and each of its keys' values sit, kept by the model for checks made after reading.</summary>
    public SpecOrigin Origin()
    {
        var keys = new Dictionary<string, SpecLocation>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in _node.Children)
        {
            if (keyNode is YamlScalarNode { Value: { } name })
            {
                keys.TryAdd(name, LocationOf(value, File));
            }
        }

        return new SpecOrigin(Path, Location, keys);
    }

    /// <summary>The value of <paramref name="key"/> whatever its shape, or null when absent.</summary>
    public YamlValue? Value(string key) => Find(key) is { } node ? new YamlValue(node, File, KeyPath(key)) : null;

    /// <summary>The items of a list of any shape; a missing or empty key is an empty list.</summary>
    public IReadOnlyList<YamlValue> List(string key)
    {
        if (Find(key) is not { } node || node is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return [];
        }

        return node is YamlSequenceNode
            ? new YamlValue(node, File, KeyPath(key)).Sequence!
            : throw Error(key, "expected a list");
    }

    /// <summary>Every key of a free-form mapping (names chosen by the user) with its value, in file order.</summary>
    public IReadOnlyList<(string Key, YamlValue Value)> Entries()
    {
        var entries = new List<(string, YamlValue)>();
        foreach (var (keyNode, value) in _node.Children)
        {
            var key = keyNode is YamlScalarNode scalar ? scalar.Value ?? "" : keyNode.ToString();
            _read.Add(key);
            entries.Add((key, new YamlValue(value, File, KeyPath(key))));
        }

        return entries;
    }

    /// <summary>Fails on the first key no getter asked for: a typo must not pass as a default.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var (keyNode, _) in _node.Children)
        {
            var key = keyNode is YamlScalarNode scalar ? scalar.Value ?? "" : keyNode.ToString();
            if (!_read.Contains(key))
            {
                throw new SpecException(LocationOf(keyNode, File), KeyPath(key), $"unknown key{Suggestion(key)}");
            }
        }
    }

    private string Suggestion(string key)
    {
        var match = _read.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
        return match is null ? "" : $" (did you mean '{match}'?)";
    }

    private YamlNode? Find(string key)
    {
        _read.Add(key);
        foreach (var (keyNode, value) in _node.Children)
        {
            if (keyNode is YamlScalarNode { Value: { } name } && name == key)
            {
                return value;
            }
        }

        return null;
    }
}
