using System.Text;

namespace Flotilla.LoadTest.Http;

/// <summary>
/// One HTTP/1.1 request. Its bytes on the wire are encoded once, on first use, so a request
/// sent in a loop costs no encoding per iteration.
/// </summary>
public sealed class HttpRequest
{
    private byte[]? _encoded;

    public HttpRequest(string method, HttpTarget target, IReadOnlyList<KeyValuePair<string, string>>? headers = null, ReadOnlyMemory<byte> body = default)
    {
        Method = method;
        Target = target;
        Headers = headers ?? [];
        Body = body;
        foreach (var (name, value) in Headers)
        {
            if (!IsToken(name) || value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new LoadTestInputException($"invalid request header '{name}': a header name is a token and a value has no line breaks");
            }
        }
        if (!IsToken(method))
        {
            throw new LoadTestInputException($"invalid HTTP method '{method}'");
        }
    }

    public string Method { get; }
    public HttpTarget Target { get; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>This request's timeout (a script's <c>params.timeout</c>); null takes the session's.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>A HEAD response has no body whatever its headers say.</summary>
    public bool ExpectsNoBody => Method == "HEAD";

    /// <summary>The request as sent. <paramref name="close"/> adds <c>Connection: close</c>.</summary>
    public byte[] Encode(bool close) => close ? EncodeCore(close: true) : _encoded ??= EncodeCore(close: false);

    private byte[] EncodeCore(bool close)
    {
        var head = new StringBuilder(128);
        head.Append(Method).Append(' ').Append(Target.PathAndQuery).Append(" HTTP/1.1\r\n");
        bool hasHost = false, hasAgent = false;
        foreach (var (name, _) in Headers)
        {
            hasHost |= name.Equals("Host", StringComparison.OrdinalIgnoreCase);
            hasAgent |= name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase);
        }
        if (!hasHost) head.Append("Host: ").Append(Target.HostHeader).Append("\r\n");
        if (!hasAgent) head.Append("User-Agent: flotilla-loadtest/1.0\r\n");
        foreach (var (name, value) in Headers)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)) continue;
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        if (!Body.IsEmpty || Method is "POST" or "PUT" or "PATCH") head.Append("Content-Length: ").Append(Body.Length).Append("\r\n");
        if (close) head.Append("Connection: close\r\n");
        head.Append("\r\n");
        var headBytes = Encoding.Latin1.GetBytes(head.ToString());
        var all = new byte[headBytes.Length + Body.Length];
        headBytes.CopyTo(all, 0);
        Body.Span.CopyTo(all.AsSpan(headBytes.Length));
        return all;
    }

    private static bool IsToken(string s)
    {
        if (s.Length == 0) return false;
        foreach (var c in s)
        {
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".Contains(c)) return false;
        }
        return true;
    }
}
