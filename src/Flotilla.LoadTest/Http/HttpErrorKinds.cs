namespace Flotilla.LoadTest.Http;

/// <summary>The names failures are reported under: error kinds, and <c>HTTP nnn</c> for error statuses.</summary>
public static class HttpErrorKinds
{
    public static string Name(HttpErrorKind kind) => kind switch
    {
        HttpErrorKind.Refused => "refused",
        HttpErrorKind.Reset => "reset",
        HttpErrorKind.Eof => "eof",
        HttpErrorKind.Timeout => "timeout",
        HttpErrorKind.Tls => "tls",
        HttpErrorKind.Dns => "dns",
        HttpErrorKind.Unreachable => "unreachable",
        HttpErrorKind.Protocol => "protocol",
        HttpErrorKind.None => "none",
        _ => "other",
    };

    private static readonly string[] StatusNames = Enumerable.Range(0, 600).Select(s => $"HTTP {s}").ToArray();

    public static string Status(int status) => status is >= 0 and < 600 ? StatusNames[status] : $"HTTP {status}";
}
