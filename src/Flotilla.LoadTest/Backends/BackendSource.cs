using System.Text;
using Flotilla.LoadTest.Http;

namespace Flotilla.LoadTest.Backends;

/// <summary>
/// Where a response says which backend sent it. Through an L4 balancer the client never sees a member's address, so
/// the response has to tell: the first line of its body (seed 000's "Hello from VM N"), or a header such as
/// <c>X-Backend</c>. Written <c>body</c> or <c>header:NAME</c> (<c>--backend-from</c>).
/// </summary>
public sealed record BackendSource
{
    /// <summary>At most this many bytes of a first line name a backend; a longer one is cut, not refused.</summary>
    public const int MaxKeyBytes = 200;

    private BackendSource(string? header) => Header = header;

    public static BackendSource Body { get; } = new((string?)null);

    /// <summary>The header that names the backend; null for the body's first line.</summary>
    public string? Header { get; }

    /// <exception cref="LoadTestInputException">Neither <c>body</c> nor <c>header:NAME</c>.</exception>
    public static BackendSource Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Equals("body", StringComparison.OrdinalIgnoreCase)) return Body;
        const string prefix = "header:";
        if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && text[prefix.Length..].Trim() is { Length: > 0 } name && name.All(IsTokenChar))
        {
            return new BackendSource(name);
        }
        throw new LoadTestInputException($"--backend-from: '{text}' is not 'body' or 'header:NAME' (e.g. header:X-Backend)");
    }

    /// <summary>
    /// The bytes naming the backend of <paramref name="response"/> (written into <paramref name="buffer"/> for a header),
    /// or empty when it names none: no response, an empty body, a missing header.
    /// </summary>
    public ReadOnlySpan<byte> KeyOf(HttpResponse response, Span<byte> buffer)
    {
        if (response.Status == 0) return default;
        if (Header is null) return FirstLine(response.Body);
        foreach (var (name, value) in response.Headers)
        {
            if (!name.Equals(Header, StringComparison.OrdinalIgnoreCase)) continue;
            var text = value.AsSpan().Trim();
            if (text.Length > buffer.Length / 3) text = text[..(buffer.Length / 3)];
            return buffer[..Encoding.UTF8.GetBytes(text, buffer)];
        }
        return default;
    }

    public override string ToString() => Header is null ? "body" : "header:" + Header;

    internal static ReadOnlySpan<byte> FirstLine(ReadOnlySpan<byte> body)
    {
        body = body.TrimStart(" \t\r\n"u8);
        var end = body.IndexOfAny("\r\n"u8);
        var line = (end >= 0 ? body[..end] : body).TrimEnd(" \t"u8);
        return line.Length > MaxKeyBytes ? line[..MaxKeyBytes] : line;
    }

    // RFC 9110's token characters: what a header name may hold.
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
