using System.Text;

namespace Flotilla.LoadTest.Scripting.Modules;

/// <summary>
/// An object body of <c>http.post</c> as k6 sends it: <c>application/x-www-form-urlencoded</c>,
/// keys sorted (Go's <c>url.Values.Encode</c>), spaces as <c>+</c>, other reserved bytes as <c>%XX</c>.
/// </summary>
internal static class FormUrlEncoding
{
    public const string ContentType = "application/x-www-form-urlencoded";

    public static string Encode(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (text.Length > 0) text.Append('&');
            Escape(text, key);
            text.Append('=');
            Escape(text, value);
        }
        return text.ToString();
    }

    private static void Escape(StringBuilder text, string value)
    {
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            var n = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < n; i++)
            {
                var b = utf8[i];
                if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
                {
                    text.Append((char)b);
                }
                else if (b == (byte)' ')
                {
                    text.Append('+');
                }
                else
                {
                    text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
    }
}
