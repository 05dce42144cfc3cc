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
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            var location = new SpecLocation(fileName, Math.Max(1, (int)e.Start.Line), Math.Max(1, (int)e.Start.Column));
            var problem = e.InnerException?.Message ?? e.Message;
            throw new SpecException(location, "", $"YAML syntax error: {problem}", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // YamlDotNet throws more than YamlException on some malformed input (InvalidOperationException from
            // Scanner.ScanPlainScalar on an unclosed flow sequence followed by more keys, issue 14). Any failure
            // of the parser is a syntax error of the file (the only input it has), so all are caught here, once for
            // every reader; the end of the last event it read is the nearest place we know.
            var mark = parser.Current?.End;
            var location = new SpecLocation(fileName, Math.Max(1, (int)(mark?.Line ?? 1)), Math.Max(1, (int)(mark?.Column ?? 1)));
            throw new SpecException(location, "", $"YAML syntax error: {Problem(text)}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            throw new SpecException(new SpecLocation(fileName, 1, 1), "", "the file is empty");
        }

        return stream.Documents[0].RootNode is YamlMappingNode root
            ? new YamlMap(root, fileName, "")
            : throw new SpecException(YamlMap.LocationOf(stream.Documents[0].RootNode, fileName), "", "expected a mapping of keys at the top level");
    }

    /// <summary>What the parser could not read, for a failure that is not a <see cref="YamlException"/> (whose own message says nothing useful).</summary>
    private static string Problem(string text) =>
        text.Count(c => c == '[') > text.Count(c => c == ']') || text.Count(c => c == '{') > text.Count(c => c == '}')
            ? "cannot parse what follows (is a '[' or '{' left unclosed?)"
            : "cannot parse what follows";
}
