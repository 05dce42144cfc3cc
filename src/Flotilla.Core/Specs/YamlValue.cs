using YamlDotNet.RepresentationModel;

namespace Flotilla.Core.Specs;

/// <summary>
/// One YAML value of a shape the reader does not know in advance (a list item that may be a text or a mapping,
/// a value of a free-form mapping), with its key path and location for errors.
/// </summary>
public sealed class YamlValue
{
    private readonly YamlNode _node;

    public YamlValue(YamlNode node, string file, string path)
    {
        _node = node;
        File = file;
        Path = path;
    }

    public string File { get; }

    public string Path { get; }

    public SpecLocation Location => YamlMap.LocationOf(_node, File);

    /// <summary>The text of a scalar; null for a mapping, a list or an empty value.</summary>
    public string? Scalar => _node is YamlScalarNode { Value: { Length: > 0 } value } ? value : null;

    public YamlMap? Map => _node is YamlMappingNode map ? new YamlMap(map, File, Path) : null;

    public IReadOnlyList<YamlValue>? Sequence => _node is YamlSequenceNode sequence
        ? sequence.Children.Select((child, i) => new YamlValue(child, File, $"{Path}[{i}]")).ToList()
        : null;

    public SpecOrigin Origin => new(Path, Location);

    public SpecException Error(string problem) => new(Location, Path, problem);

    /// <summary>The text of a scalar, or an error naming the value.</summary>
    public string RequiredScalar(string what) => Scalar ?? throw Error($"expected {what}");
}
