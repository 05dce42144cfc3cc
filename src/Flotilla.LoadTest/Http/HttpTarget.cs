using System.Net;

namespace Flotilla.LoadTest.Http;

/// <summary>
/// Where requests go: scheme, host, port and path of an absolute <c>http</c> or <c>https</c> URL.
/// Parsed once; requests to the same authority share connections.
/// </summary>
public sealed record HttpTarget
{
    private readonly Uri _uri = null!;

    // Uri computes its parts on every access; a request loop reads them per request.
    public required Uri Uri
    {
        get => _uri;
        init
        {
            _uri = value;
            IsHttps = value.Scheme == Uri.UriSchemeHttps;
            Host = value.IdnHost;
            Port = value.Port;
            HostHeader = value.Authority;
            PathAndQuery = value.PathAndQuery;
            Authority = $"{value.Scheme}://{value.Authority}";
        }
    }

    public bool IsHttps { get; private init; }
    public string Host { get; private init; } = "";
    public int Port { get; private init; }
    /// <summary>The <c>Host</c> header: the host, and the port when it is not the scheme's default.</summary>
    public string HostHeader { get; private init; } = "";
    public string PathAndQuery { get; private init; } = "";
    /// <summary>Connections are shared by authority: <c>http://host:port</c>.</summary>
    public string Authority { get; private init; } = "";

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
