using System.Text;

namespace Flotilla.LoadTest.Http;

/// <summary>
/// What one request got: a status with headers and body, or an error and no status (0), as in k6.
/// </summary>
public sealed class HttpResponse
{
    public int Status { get; init; }
    public HttpErrorKind Error { get; init; }
    public string? ErrorMessage { get; init; }
    public string Protocol { get; init; } = "HTTP/1.1";
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
    /// <summary>The body as received, up to the session's capture limit.</summary>
    public byte[] Body { get; init; } = [];
    /// <summary>The whole body's length, also when only part of it was kept.</summary>
    public long BodyLength { get; init; }
    public HttpTimings Timings { get; init; }
    public long BytesSent { get; init; }
    public long BytesReceived { get; init; }

    /// <summary>k6's default expected statuses are 200–399: anything else, or no response, is a failure.</summary>
    public bool Failed => Error != HttpErrorKind.None || Status is < 200 or >= 400;

    /// <summary>The name this response is counted under when it failed: an error kind or <c>HTTP nnn</c>.</summary>
    public string FailureKind => Error != HttpErrorKind.None ? HttpErrorKinds.Name(Error) : HttpErrorKinds.Status(Status);

    private string? _bodyText;

    /// <summary>The body decoded as UTF-8 (once).</summary>
    public string BodyText => _bodyText ??= Encoding.UTF8.GetString(Body);
}
