namespace Flotilla.Balancer.L4.Tcp.Epoll;

/// <summary>
/// One direction of a spliced connection: the bytes read from <see cref="From"/> but not yet
/// written to <see cref="To"/>, and what the last epoll edges said about <see cref="From"/>.
/// Touched only on the owning loop thread.
/// </summary>
internal sealed class EpollPump(bool toBackend)
{
    /// <summary>
    /// Bytes the other side would not take yet, or null. Reads go to the loop's shared buffer
    /// and straight out again; only a send that cannot finish copies its rest here, so an idle
    /// or flowing connection holds no buffer of its own.
    /// </summary>
    public byte[]? Buffer { get; set; }

    public bool ToBackend { get; } = toBackend;

    public int From { get; set; } = -1;

    public int To { get; set; } = -1;

    /// <summary>Start and length of bytes read but not yet sent (backpressure: no reads meanwhile).</summary>
    public int Offset { get; set; }

    public int Pending { get; set; }

    /// <summary>An edge said <see cref="From"/> may have bytes (or EOF) that were not read yet.</summary>
    public bool ReadReady { get; set; }

    /// <summary>
    /// The peer's FIN (or an error) was already reported: a short read then does not prove the
    /// socket drained, because no later edge will announce the EOF.
    /// </summary>
    public bool FromHup { get; set; }

    /// <summary>EOF seen and passed on as shutdown(SHUT_WR).</summary>
    public bool Finished { get; set; }
}
