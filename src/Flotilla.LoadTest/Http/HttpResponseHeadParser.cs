using System.Buffers.Text;
using System.Text;

namespace Flotilla.LoadTest.Http;

/// <summary>
/// Parses a response's status line and header block once all of it has arrived (it ends with an
/// empty line). Header values are kept only when asked: a flags run needs the framing headers alone.
/// </summary>
internal static class HttpResponseHeadParser
{
    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    /// <summary>Where the head ends (the index after its empty line), or -1 while it is incomplete.</summary>
    public static int FindEnd(ReadOnlySpan<byte> buffer)
    {
        var i = buffer.IndexOf(HeadEnd);
        return i < 0 ? -1 : i + HeadEnd.Length;
    }

    /// <summary>Parses a complete head (as delimited by <see cref="FindEnd"/>).</summary>
    /// <exception cref="MalformedResponseException">The bytes are not an HTTP/1.x response head.</exception>
    public static HttpResponseHead Parse(ReadOnlySpan<byte> head, bool keepHeaders)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = head[..lineEnd];
        // "HTTP/1.1 200 OK": protocol, a space, three digits.
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' '
            || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out var used) || used != 3 || status < 100)
        {
            throw new MalformedResponseException($"bad status line '{Encoding.Latin1.GetString(statusLine[..Math.Min(statusLine.Length, 60)])}'");
        }
        var protocol = statusLine[7] == (byte)'0' ? "HTTP/1.0" : "HTTP/1.1";
        var close = protocol == "HTTP/1.0";
        long? contentLength = null;
        var chunked = false;
        List<KeyValuePair<string, string>>? headers = keepHeaders ? [] : null;

        var rest = head[(lineEnd + 2)..];
        while (true)
        {
            var end = rest.IndexOf("\r\n"u8);
            if (end <= 0) break;
            var line = rest[..end];
            rest = rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0) throw new MalformedResponseException("a header line has no name");
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ').Trim((byte)'\t');
            if (name.SequenceEqual("Content-Length"u8) || Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!Utf8Parser.TryParse(value, out long length, out var n) || n != value.Length || length < 0)
                {
                    throw new MalformedResponseException("bad Content-Length");
                }
                contentLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = Ascii.EqualsIgnoreCase(value, "chunked"u8) || EndsWithChunked(value);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                if (Ascii.EqualsIgnoreCase(value, "close"u8)) close = true;
                else if (Ascii.EqualsIgnoreCase(value, "keep-alive"u8)) close = false;
            }
            headers?.Add(new(Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value)));
        }
        return new HttpResponseHead(status, protocol, (IReadOnlyList<KeyValuePair<string, string>>?)headers ?? [], chunked ? null : contentLength, chunked, close);
    }

    private static bool EndsWithChunked(ReadOnlySpan<byte> value)
    {
        var comma = value.LastIndexOf((byte)',');
        return comma >= 0 && Ascii.EqualsIgnoreCase(value[(comma + 1)..].Trim((byte)' '), "chunked"u8);
    }
}
