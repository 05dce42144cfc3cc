using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Flotilla.Core.Specs;

/// <summary>Loads a YAML spec file into a node tree that keeps line numbers for errors.</summary>
public static class YamlSpecFile
{
    public static YamlMap Load(string path) => Load(path, out _);

    /// <summary>Loads the file and hands back the exact bytes read, so a caller can tell later changes apart.</summary>
    public static YamlMap Load(string path, out byte[] content)
    {
        string text;
        try
        {
            content = File.ReadAllBytes(path);
            text = System.Text.Encoding.UTF8.GetString(content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SpecException(new SpecLocation(path, 0, 0), "", $"cannot read the file: {e.Message}", e);
        }

        return Parse(text, path);
    }

    public static YamlMap Parse(string text, string fileName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var location = new SpecLocation(fileName, (int)e.Start.Line, (int)e.Start.Column);
            var problem = e.InnerException?.Message ?? e.Message;
            throw new SpecException(location, "", $"YAML syntax error: {problem}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            throw new SpecException(new SpecLocation(fileName, 1, 1), "", "the file is empty");
        }

        return stream.Documents[0].RootNode is YamlMappingNode root
            ? new YamlMap(root, fileName, "")
            : throw new SpecException(YamlMap.LocationOf(stream.Documents[0].RootNode, fileName), "", "expected a mapping of keys at the top level");
    }
}
