using System.Net;

namespace Flotilla.LoadTest.Http;

/// <summary>
/// Where requests go: scheme, host, port and path of an absolute <c>http</c> or <c>https</c> URL.
/// Parsed once; requests to the same authority share connections.
/// </summary>
public sealed record HttpTarget
{
    public required Uri Uri { get; init; }
    public bool IsHttps => Uri.Scheme == Uri.UriSchemeHttps;
    public string Host => Uri.IdnHost;
    public int Port => Uri.Port;
    /// <summary>The <c>Host</c> header: the host, and the port when it is not the scheme's default.</summary>
    public string HostHeader => Uri.Authority;
    public string PathAndQuery => Uri.PathAndQuery;
    /// <summary>Connections are shared by authority: <c>http://host:port</c>.</summary>
    public string Authority => $"{Uri.Scheme}://{Uri.Authority}";

    /// <summary>Parses an absolute URL; anything else is a <see cref="LoadTestInputException"/>.</summary>
    public static HttpTarget Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new LoadTestInputException($"malformed URL '{url}': expected an absolute URL such as http://127.0.0.1:8080/");
        }
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new LoadTestInputException($"malformed URL '{url}': scheme '{uri.Scheme}' is not http or https");
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new LoadTestInputException($"malformed URL '{url}': credentials in the URL are not supported; send an Authorization header");
        }
        return new HttpTarget { Uri = uri };
    }

    /// <summary>The host as an address when it is a literal one (no DNS lookup needed).</summary>
    public IPAddress? LiteralAddress => Uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
        ? IPAddress.Parse(Uri.IdnHost)
        : null;
}
