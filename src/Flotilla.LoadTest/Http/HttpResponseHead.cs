namespace Flotilla.LoadTest.Http;

/// <summary>The status line and headers of a response, and what they say about its body.</summary>
internal sealed record HttpResponseHead(
    int Status,
    string Protocol,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    long? ContentLength,
    bool Chunked,
    bool ConnectionClose);
