namespace Flotilla.LoadTest.Http;

/// <summary>
/// Collects a response body: every byte is counted, the first <see cref="Limit"/> are kept (a
/// check or a script looks at the body; a load test of large downloads should not hold them).
/// </summary>
internal sealed class BodyCapture(int limit)
{
    private byte[] _buffer = [];
    private int _kept;

    public int Limit { get; } = limit;
    public long Total { get; private set; }

    public void Reset(long? expectedLength)
    {
        Total = 0;
        _kept = 0;
        var wanted = (int)Math.Min(expectedLength ?? 256, Limit);
        if (_buffer.Length < wanted || _buffer.Length > 4 * Math.Max(wanted, 4096)) _buffer = new byte[wanted];
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        Total += data.Length;
        var room = Limit - _kept;
        if (room <= 0) return;
        if (data.Length > room) data = data[..room];
        if (_kept + data.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, (int)Math.Min(Limit, Math.Max(_buffer.Length * 2L, _kept + data.Length)));
        }
        data.CopyTo(_buffer.AsSpan(_kept));
        _kept += data.Length;
    }

    /// <summary>A copy of the kept bytes: the response outlives this buffer, which the next request reuses.</summary>
    public byte[] ToArray() => _kept == 0 ? [] : _buffer.AsSpan(0, _kept).ToArray();
}
