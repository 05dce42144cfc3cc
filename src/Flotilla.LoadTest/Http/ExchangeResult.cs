namespace Flotilla.LoadTest.Http;

/// <summary>One completed request/response on a connection; timestamps are <see cref="TimeProvider"/> ticks.</summary>
internal readonly record struct ExchangeResult(
    HttpResponseHead Head, byte[] Body, long BodyLength, HttpTimings Timings, long BytesSent, long BytesReceived,
    long StartTimestamp, long EndTimestamp, bool Reusable);
