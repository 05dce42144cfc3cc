using Flotilla.LoadTest.Http;

namespace Flotilla.LoadTest.Scripting.Modules;

/// <summary>
/// k6's <c>error_code</c> of a response (https://grafana.com/docs/k6/latest/javascript-api/error-codes/):
/// 0 for none, 1000 + status for an HTTP 4xx/5xx (as k6 sets it), and the nearest k6 code for a
/// request that got no response.
/// </summary>
internal static class K6ErrorCodes
{
    public static int For(HttpResponse response) => response.Error switch
    {
        HttpErrorKind.None => response.Status >= 400 ? 1000 + response.Status : 0,
        HttpErrorKind.Timeout => 1050,
        HttpErrorKind.Dns => 1100,
        HttpErrorKind.Other => 1200,
        HttpErrorKind.Unreachable => 1210,
        HttpErrorKind.Refused => 1212,
        HttpErrorKind.Reset => 1220,
        HttpErrorKind.Tls => 1300,
        // The peer closed early, or sent what is not HTTP/1.x: k6's generic error.
        _ => 1000,
    };
}
