using System.Collections.Frozen;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Flotilla.Balancer.L7.Rules;

/// <summary>
/// IIS's server variables (seed 002, appendix A) computed from an ASP.NET Core request, so a rule
/// can test any of them as ARR's URL Rewrite does. <c>HTTP_NAME</c> is any request header
/// (<c>_</c> for <c>-</c>). Names that only mean something inside IIS (its metabase paths,
/// instance ids, client certificates, which we do not ask for) have a fixed, documented value
/// rather than being refused, so a rule written for ARR still reads.
/// </summary>
internal static class ServerVariables
{
    /// <summary>The item a TLS listener leaves on the connection: the certificate it presented.</summary>
    public const string ServerCertificateItem = "flotilla.server-certificate";

    private static readonly FrozenDictionary<string, Func<HttpContext, string>> Variables = new Dictionary<string, Func<HttpContext, string>>
    {
        ["ALL_HTTP"] = c => string.Join('\n', c.Request.Headers.Select(h => $"HTTP_{h.Key.ToUpperInvariant().Replace('-', '_')}:{h.Value}")),
        ["ALL_RAW"] = c => string.Join('\n', c.Request.Headers.Select(h => $"{h.Key}: {h.Value}")),
        ["APPL_MD_PATH"] = _ => "",
        ["APPL_PHYSICAL_PATH"] = _ => "",
        ["CERT_COOKIE"] = _ => "",
        ["CERT_FLAGS"] = _ => "",
        ["CERT_ISSUER"] = _ => "",
        ["CERT_KEYSIZE"] = _ => "",
        ["CERT_SECRETKEYSIZE"] = _ => "",
        ["CERT_SERIALNUMBER"] = _ => "",
        ["CERT_SERVER_ISSUER"] = c => ServerCertificate(c)?.Issuer ?? "",
        ["CERT_SERVER_SUBJECT"] = c => ServerCertificate(c)?.Subject ?? "",
        ["CERT_SUBJECT"] = _ => "",
        ["CONTENT_LENGTH"] = c => c.Request.ContentLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        ["CONTENT_TYPE"] = c => c.Request.ContentType ?? "",
        ["DOCUMENT_ROOT"] = _ => "",
        ["GATEWAY_INTERFACE"] = _ => "CGI/1.1",
        ["HTTPS"] = c => c.Request.IsHttps ? "on" : "off",
        ["HTTPS_KEYSIZE"] = c => Tls(c)?.NegotiatedCipherSuite is { } suite ? CipherKeySize(suite.ToString()) : "",
        ["HTTPS_SECRETKEYSIZE"] = c => ServerCertificate(c)?.PublicKey.GetRSAPublicKey()?.KeySize.ToString(System.Globalization.CultureInfo.InvariantCulture)
            ?? ServerCertificate(c)?.PublicKey.GetECDsaPublicKey()?.KeySize.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        ["HTTPS_SERVER_ISSUER"] = c => ServerCertificate(c)?.Issuer ?? "",
        ["HTTPS_SERVER_SUBJECT"] = c => ServerCertificate(c)?.Subject ?? "",
        ["INSTANCE_ID"] = _ => "1",
        ["INSTANCE_META_PATH"] = _ => "",
        ["LOCAL_ADDR"] = c => Address(c.Connection.LocalIpAddress),
        ["PATH_INFO"] = c => c.Request.Path.Value ?? "/",
        ["PATH_TRANSLATED"] = _ => "",
        ["QUERY_STRING"] = c => c.Request.QueryString.HasValue ? c.Request.QueryString.Value![1..] : "",
        ["REMOTE_ADDR"] = c => Address(c.Connection.RemoteIpAddress),
        ["REMOTE_HOST"] = c => Address(c.Connection.RemoteIpAddress),
        ["REMOTE_PORT"] = c => c.Connection.RemotePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["REMOTE_USER"] = _ => "",
        ["REQUEST_FILENAME"] = _ => "",
        ["REQUEST_METHOD"] = c => c.Request.Method,
        ["REQUEST_URI"] = c => c.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw && raw[0] == '/' ? raw : $"{c.Request.Path}{c.Request.QueryString}",
        ["SCRIPT_FILENAME"] = _ => "",
        ["SCRIPT_NAME"] = c => c.Request.Path.Value ?? "/",
        ["SERVER_ADDR"] = c => Address(c.Connection.LocalIpAddress),
        ["SERVER_NAME"] = c => c.Request.Host.Host,
        ["SERVER_PORT"] = c => c.Connection.LocalPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SERVER_PORT_SECURE"] = c => c.Request.IsHttps ? "1" : "0",
        ["SERVER_PROTOCOL"] = c => c.Request.Protocol,
        ["SERVER_SOFTWARE"] = _ => "flotilla-lb",
        ["URL"] = c => c.Request.Path.Value ?? "/",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Appendix A's names and our computed ones, for documentation and tests.</summary>
    public static IEnumerable<string> Names => Variables.Keys;

    /// <summary>A name a rule may use: one of appendix A's, or <c>HTTP_</c> and a header name.</summary>
    public static bool IsKnown(string name) =>
        Variables.ContainsKey(name) || (name.StartsWith("HTTP_", StringComparison.OrdinalIgnoreCase) && name.Length > 5);

    /// <summary>The variable's value for this request; empty when it has none (as IIS gives an empty string).</summary>
    public static string Get(HttpContext context, string name)
    {
        if (Variables.TryGetValue(name, out var read))
        {
            return read(context);
        }

        if (name.StartsWith("HTTP_", StringComparison.OrdinalIgnoreCase))
        {
            return context.Request.Headers[name[5..].Replace('_', '-')].ToString();
        }

        return "";
    }

    private static string Address(IPAddress? address) =>
        address is null ? "" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    /// <summary>The bulk cipher's key size, read from the suite's name (TLS_AES_256_GCM_SHA384 → 256) as the runtime no longer reports it.</summary>
    private static string CipherKeySize(string suite) =>
        suite.Contains("_256_", StringComparison.Ordinal) || suite.Contains("CHACHA20", StringComparison.Ordinal) ? "256"
        : suite.Contains("_128_", StringComparison.Ordinal) ? "128" : "";

    private static ITlsHandshakeFeature? Tls(HttpContext context) => context.Features.Get<ITlsHandshakeFeature>();

    private static X509Certificate2? ServerCertificate(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(ServerCertificateItem, out var value) == true ? value as X509Certificate2 : null;
}
