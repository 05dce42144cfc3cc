using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// IIS server variables (the list of seed 002, appendix A) read from an ASP.NET Core request,
/// so farm hashing and the router's rule conditions can name them as ARR does.
/// <para>
/// Names are case-insensitive. <c>HTTP_&lt;NAME&gt;</c> is the request header NAME with
/// underscores as dashes (<c>HTTP_X_FORWARDED_FOR</c> is <c>X-Forwarded-For</c>). Variables
/// that only mean something inside IIS (metabase paths, physical file paths, the server's own
/// certificate) are null: Flotilla has no metabase and no file mapping for proxied URLs.
/// A header that is absent is null; IIS variables that are always present (<c>HTTPS</c>,
/// <c>REMOTE_USER</c>, <c>CERT_FLAGS</c>) give their "empty" value instead.
/// </para>
/// </summary>
public static class ServerVariables
{
    /// <summary>Every name of seed 002's appendix A; <c>HTTP_*</c> beyond those works too.</summary>
    public static IReadOnlyList<string> Known { get; } =
    [
        "ALL_HTTP", "ALL_RAW", "APPL_MD_PATH", "APPL_PHYSICAL_PATH", "CERT_COOKIE", "CERT_FLAGS", "CERT_ISSUER",
        "CERT_KEYSIZE", "CERT_SECRETKEYSIZE", "CERT_SERIALNUMBER", "CERT_SERVER_ISSUER", "CERT_SERVER_SUBJECT",
        "CERT_SUBJECT", "CONTENT_LENGTH", "CONTENT_TYPE", "DOCUMENT_ROOT", "GATEWAY_INTERFACE", "HTTP_ACCEPT",
        "HTTP_ACCEPT_ENCODING", "HTTP_ACCEPT_LANGUAGE", "HTTP_CONNECTION", "HTTP_CONTENT_LENGTH", "HTTP_HOST",
        "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_NONE_MATCH", "HTTP_REFERER", "HTTP_UA_CPU", "HTTP_USER_AGENT", "HTTPS",
        "HTTPS_KEYSIZE", "HTTPS_SECRETKEYSIZE", "HTTPS_SERVER_ISSUER", "HTTPS_SERVER_SUBJECT", "INSTANCE_ID",
        "INSTANCE_META_PATH", "LOCAL_ADDR", "PATH_INFO", "PATH_TRANSLATED", "QUERY_STRING", "REMOTE_ADDR",
        "REMOTE_HOST", "REMOTE_PORT", "REMOTE_USER", "REQUEST_FILENAME", "REQUEST_METHOD", "REQUEST_URI",
        "SCRIPT_FILENAME", "SCRIPT_NAME", "SERVER_ADDR", "SERVER_NAME", "SERVER_PORT", "SERVER_PORT_SECURE",
        "SERVER_PROTOCOL", "SERVER_SOFTWARE", "URL", "HTTP_COOKIE",
    ];

    /// <summary>The value of server variable <paramref name="name"/> for this request, or null when it has none.</summary>
    public static string? Get(HttpContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(name);
        var request = context.Request;
        var connection = context.Connection;
        switch (name.ToUpperInvariant())
        {
            case "ALL_HTTP": return AllHttp(request);
            case "ALL_RAW": return AllRaw(request);
            case "CERT_COOKIE": return connection.ClientCertificate?.Thumbprint;
            case "CERT_FLAGS": return connection.ClientCertificate is null ? "0" : "1";
            case "CERT_ISSUER": return connection.ClientCertificate?.Issuer;
            case "CERT_SERIALNUMBER": return connection.ClientCertificate?.SerialNumber;
            case "CERT_SUBJECT": return connection.ClientCertificate?.Subject;
            case "CERT_KEYSIZE":
            case "CERT_SECRETKEYSIZE":
            case "HTTPS_KEYSIZE":
            case "HTTPS_SECRETKEYSIZE": return CipherStrength(context);
            case "CONTENT_LENGTH": return request.ContentLength?.ToString(CultureInfo.InvariantCulture);
            case "CONTENT_TYPE": return request.ContentType;
            case "GATEWAY_INTERFACE": return "CGI/1.1";
            case "HTTPS": return request.IsHttps ? "on" : "off";
            case "LOCAL_ADDR":
            case "SERVER_ADDR": return connection.LocalIpAddress?.ToString();
            case "PATH_INFO": return request.Path.Value ?? "";
            case "QUERY_STRING": return request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
            case "REMOTE_ADDR":
            case "REMOTE_HOST": return connection.RemoteIpAddress?.ToString(); // IIS does no reverse lookup by default either
            case "REMOTE_PORT": return connection.RemotePort.ToString(CultureInfo.InvariantCulture);
            case "REMOTE_USER": return context.User.Identity is { IsAuthenticated: true, Name: { } user } ? user : "";
            case "REQUEST_METHOD": return request.Method;
            case "REQUEST_URI": return request.PathBase.Add(request.Path).Value + request.QueryString.Value;
            case "SCRIPT_NAME":
            case "URL": return request.PathBase.Add(request.Path).Value is { Length: > 0 } url ? url : "/";
            case "SERVER_NAME": return request.Host.Host;
            case "SERVER_PORT": return connection.LocalPort.ToString(CultureInfo.InvariantCulture);
            case "SERVER_PORT_SECURE": return request.IsHttps ? "1" : "0";
            case "SERVER_PROTOCOL": return request.Protocol;
            case "SERVER_SOFTWARE": return "Flotilla";
            case "APPL_MD_PATH":
            case "APPL_PHYSICAL_PATH":
            case "CERT_SERVER_ISSUER":
            case "CERT_SERVER_SUBJECT":
            case "DOCUMENT_ROOT":
            case "HTTPS_SERVER_ISSUER":
            case "HTTPS_SERVER_SUBJECT":
            case "INSTANCE_ID":
            case "INSTANCE_META_PATH":
            case "PATH_TRANSLATED":
            case "REQUEST_FILENAME":
            case "SCRIPT_FILENAME": return null;
            case var upper when upper.StartsWith("HTTP_", StringComparison.Ordinal) && upper.Length > 5:
                return Header(request, upper[5..].Replace('_', '-'));
            default: return null;
        }
    }

    private static string? Header(HttpRequest request, string header) =>
        request.Headers.TryGetValue(header, out var values) ? values.ToString() : null;

    private static string AllHttp(HttpRequest request)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in request.Headers)
        {
            text.Append("HTTP_").Append(key.ToUpperInvariant().Replace('-', '_')).Append(':').Append(value.ToString()).Append('\n');
        }

        return text.ToString();
    }

    private static string AllRaw(HttpRequest request)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in request.Headers)
        {
            text.Append(key).Append(": ").Append(value.ToString()).Append("\r\n");
        }

        return text.ToString();
    }

    private static string? CipherStrength(HttpContext context)
    {
        // Obsolete because TLS 1.3 suites no longer name one strength; still the closest thing IIS reported.
#pragma warning disable SYSLIB0058
        return context.Features.Get<ITlsHandshakeFeature>() is { } tls ? tls.CipherStrength.ToString(CultureInfo.InvariantCulture) : null;
#pragma warning restore SYSLIB0058
    }
}
