using System.Net.Sockets;
using System.Security.Authentication;

namespace Flotilla.LoadTest.Http;

/// <summary>Maps what a failed request threw to the error kind it is counted under.</summary>
internal static class HttpErrorClassifier
{
    /// <summary>The kind, or <see cref="HttpErrorKind.None"/> for an exception that is not a request failure (a bug).</summary>
    public static HttpErrorKind Classify(Exception e, bool timedOut) => e switch
    {
        OperationCanceledException when timedOut => HttpErrorKind.Timeout,
        ConnectionClosedException => HttpErrorKind.Eof,
        MalformedResponseException => HttpErrorKind.Protocol,
        AuthenticationException => HttpErrorKind.Tls,
        SocketException s => FromSocketError(s.SocketErrorCode),
        IOException { InnerException: SocketException s } => FromSocketError(s.SocketErrorCode),
        IOException { InnerException: AuthenticationException } => HttpErrorKind.Tls,
        IOException => HttpErrorKind.Reset,
        _ when timedOut => HttpErrorKind.Timeout,
        _ => HttpErrorKind.None,
    };

    private static HttpErrorKind FromSocketError(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => HttpErrorKind.Refused,
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown or SocketError.NotConnected => HttpErrorKind.Reset,
        SocketError.TimedOut => HttpErrorKind.Timeout,
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => HttpErrorKind.Dns,
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.NetworkDown or SocketError.HostDown => HttpErrorKind.Unreachable,
        _ => HttpErrorKind.Other,
    };
}
