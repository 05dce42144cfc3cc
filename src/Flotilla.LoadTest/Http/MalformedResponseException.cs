namespace Flotilla.LoadTest.Http;

/// <summary>The peer sent something that is not HTTP/1.x; the request fails with <see cref="HttpErrorKind.Protocol"/>.</summary>
internal sealed class MalformedResponseException(string message) : Exception(message);
