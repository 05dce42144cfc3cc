using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Flotilla.Core.Specs;

/// <summary>Loads a YAML spec file into a node tree that keeps line numbers for errors.</summary>
public static class YamlSpecFile
{
    public static YamlMap Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
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
