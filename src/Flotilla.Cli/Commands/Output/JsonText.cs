using System.Text.Encodings.Web;
using System.Text.Json;

namespace Flotilla.Cli.Commands.Output;

/// <summary>The API's JSON as sent, indented, every field kept (also ones this flotilla does not know).</summary>
internal static class JsonText
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // A script sees "it's" and "<html>" as the daemon wrote them, not \u0027 escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Indent(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            document.WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static Task WriteAsync(TextWriter output, string json, CancellationToken cancellationToken) =>
        output.WriteLineAsync(Indent(json).AsMemory(), cancellationToken);
}
