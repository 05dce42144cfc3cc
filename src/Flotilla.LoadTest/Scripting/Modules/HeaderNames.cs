namespace Flotilla.LoadTest.Scripting.Modules;

/// <summary>
/// Response header names as k6 shows them: Go's canonical form (<c>content-type</c> →
/// <c>Content-Type</c>), left alone when the name holds anything but token characters, as Go does.
/// </summary>
internal static class HeaderNames
{
    public static string Canonical(string name)
    {
        var upper = true;
        var changed = false;
        Span<char> result = name.Length <= 128 ? stackalloc char[name.Length] : new char[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!IsTokenChar(c)) return name;
            var wanted = upper ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c);
            changed |= wanted != c;
            result[i] = wanted;
            upper = c == '-';
        }
        return changed ? new string(result) : name;
    }

    private static bool IsTokenChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
        || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
