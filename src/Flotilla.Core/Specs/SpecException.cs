namespace Flotilla.Core.Specs;

/// <summary>
/// A spec file a user wrote is wrong. The message is one line: file, line, key and problem,
/// e.g. <c>lb.yaml:12:9: balancers[0].rules[0].backendPool: unknown pool 'vmz' (known: vms)</c>.
/// </summary>
public sealed class SpecException : Exception
{
    public SpecException(SpecLocation location, string key, string problem, Exception? inner = null)
        : base(Format(location, key, problem), inner)
    {
        Location = location;
        Key = key;
        Problem = problem;
    }

    public SpecLocation Location { get; }

    /// <summary>The path of the offending key, e.g. <c>balancers[0].rules[1].frontendPort</c>.</summary>
    public string Key { get; }

    public string Problem { get; }

    // A model built in code (the API) has no file: its problems start at the key.
    private static string Format(SpecLocation location, string key, string problem) =>
        OneLine(string.Join(": ", new[] { location.ToString(), key, problem }.Where(part => part.Length > 0)));

    /// <summary>
    /// Keys and values quoted from the file may hold line breaks or binary bytes; shown escaped (<c>\n</c>, <c>\u0000</c>)
    /// they keep the message one line and do not garble the terminal.
    /// </summary>
    private static string OneLine(string text)
    {
        if (!text.Any(NeedsEscape)) return text;
        var builder = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when NeedsEscape(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }

    private static bool NeedsEscape(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
