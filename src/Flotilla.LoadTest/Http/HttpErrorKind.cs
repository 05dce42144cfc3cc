namespace Flotilla.LoadTest.Http;

/// <summary>Why a request got no HTTP response; reported as the names in <see cref="HttpErrorKinds"/>.</summary>
public enum HttpErrorKind
{
    None,
    /// <summary>The peer refused the connection (nothing listening, or a balancer with nobody in rotation).</summary>
    Refused,
    /// <summary>The connection was reset.</summary>
    Reset,
    /// <summary>The peer closed the connection before a whole response arrived.</summary>
    Eof,
    /// <summary>The per-request timeout ran out.</summary>
    Timeout,
    /// <summary>The TLS handshake failed.</summary>
    Tls,
    /// <summary>The host name did not resolve.</summary>
    Dns,
    /// <summary>No route to the host or network.</summary>
    Unreachable,
    /// <summary>The response was not valid HTTP/1.x.</summary>
    Protocol,
    /// <summary>Any other socket error.</summary>
    Other,
}
