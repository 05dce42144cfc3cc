using Acornima;
using Jint;
using Jint.Native.Object;
using Jint.Runtime;

namespace Flotilla.LoadTest.Scripting;

/// <summary>
/// Words a script's error as the one line the CLI prints: <c>script.js:LINE:COL: TypeError: message</c>
/// (columns 1-based, as editors and k6 count them; Jint's are 0-based).
/// </summary>
internal static class ScriptErrorText
{
    public static string Location(string file, Position position) => $"{file}:{position.Line}:{position.Column + 1}";

    /// <summary>What went wrong and where: <paramref name="file"/> alone when the error carries no position.</summary>
    public static string Describe(Exception e, string file) => OneLine(e switch
    {
        JavaScriptException js => $"{Where(js.Location, file)}: {Message(js)}",
        RecursionDepthOverflowException => $"{file}: RangeError: Maximum call stack size exceeded",
        InsufficientExecutionStackException => $"{file}: RangeError: Maximum call stack size exceeded",
        JintException j => $"{file}: {j.Message}",
        _ => $"{file}: {e.GetType().Name}: {e.Message}",
    });

    private static string Where(in SourceLocation location, string file) =>
        location.Start.Line > 0 && !string.IsNullOrEmpty(location.SourceFile) ? Location(location.SourceFile, location.Start) : file;

    /// <summary><c>TypeError: message</c> for an error object; the value itself for <c>throw 'text'</c>.</summary>
    private static string Message(JavaScriptException e) =>
        e.Error is ObjectInstance error && error.Get("name") is { } name && name.IsString() && name.AsString().Length > 0
            ? $"{name.AsString()}: {e.Message}"
            : e.Message;

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
