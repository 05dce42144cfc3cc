namespace Flotilla.LoadTest.Http;

/// <summary>The peer closed the connection before a whole response arrived.</summary>
internal sealed class ConnectionClosedException(bool beforeAnyResponseByte)
    : Exception("the connection closed before a whole response arrived")
{
    /// <summary>A reused keep-alive connection the server had already closed: safe to retry once.</summary>
    public bool BeforeAnyResponseByte { get; } = beforeAnyResponseByte;
}
