namespace Flotilla.LoadTest.Http;

/// <summary>
/// Finds the end of a response body as bytes arrive in pieces: by Content-Length, by chunked
/// framing (extensions and trailers skipped), or at the peer's close when neither is given.
/// </summary>
internal sealed class HttpBodyDecoder
{
    private enum State { Length, ChunkSize, ChunkExtension, ChunkSizeLf, ChunkData, ChunkDataCr, ChunkDataLf, Trailer, UntilClose, Done }

    private State _state;
    private long _remaining;
    private int _digits;
    private int _trailerLineLength;

    public bool IsComplete => _state == State.Done;

    /// <summary>True when the body runs to the connection's close, which then cannot be reused.</summary>
    public bool EndsAtClose { get; private set; }

    public void Start(HttpResponseHead head, bool requestExpectsNoBody)
    {
        EndsAtClose = false;
        if (requestExpectsNoBody || head.Status is 204 or 304 || head.Status < 200)
        {
            _state = State.Done;
        }
        else if (head.Chunked)
        {
            _state = State.ChunkSize;
            _remaining = 0;
            _digits = 0;
        }
        else if (head.ContentLength is { } length)
        {
            _remaining = length;
            _state = length == 0 ? State.Done : State.Length;
        }
        else
        {
            _state = State.UntilClose;
            EndsAtClose = true;
        }
    }

    /// <summary>Consumes body bytes from <paramref name="data"/>; returns how many were body.</summary>
    /// <exception cref="MalformedResponseException">Bad chunked framing.</exception>
    public int Feed(ReadOnlySpan<byte> data, BodyCapture capture)
    {
        var i = 0;
        while (i < data.Length && _state != State.Done)
        {
            switch (_state)
            {
                case State.Length:
                case State.ChunkData:
                    var take = (int)Math.Min(_remaining, data.Length - i);
                    capture.Append(data.Slice(i, take));
                    i += take;
                    _remaining -= take;
                    if (_remaining == 0) _state = _state == State.Length ? State.Done : State.ChunkDataCr;
                    break;
                case State.UntilClose:
                    capture.Append(data[i..]);
                    i = data.Length;
                    break;
                default:
                    StepFraming(data[i++]);
                    break;
            }
        }
        return i;
    }

    /// <summary>The peer closed: fine for a body that runs to the close, else the response is cut short.</summary>
    public bool CompleteAtEof()
    {
        if (_state == State.UntilClose) _state = State.Done;
        return _state == State.Done;
    }

    private void StepFraming(byte b)
    {
        switch (_state)
        {
            case State.ChunkSize:
                if (HexValue(b) is var v and >= 0)
                {
                    if (++_digits > 15) throw new MalformedResponseException("chunk size too large");
                    _remaining = (_remaining << 4) | (long)v;
                }
                else if (_digits == 0) throw new MalformedResponseException("bad chunk size");
                else if (b == (byte)';' || b == (byte)' ' || b == (byte)'\t') _state = State.ChunkExtension;
                else if (b == (byte)'\r') _state = State.ChunkSizeLf;
                else if (b == (byte)'\n') EndSizeLine();
                else throw new MalformedResponseException("bad chunk size");
                break;
            case State.ChunkExtension:
                if (b == (byte)'\n') EndSizeLine();
                break;
            case State.ChunkSizeLf:
                if (b != (byte)'\n') throw new MalformedResponseException("bad chunk size line");
                EndSizeLine();
                break;
            case State.ChunkDataCr:
                if (b != (byte)'\r') throw new MalformedResponseException("chunk data longer than its size");
                _state = State.ChunkDataLf;
                break;
            case State.ChunkDataLf:
                if (b != (byte)'\n') throw new MalformedResponseException("chunk data longer than its size");
                _state = State.ChunkSize;
                _remaining = 0;
                _digits = 0;
                break;
            case State.Trailer:
                if (b == (byte)'\n')
                {
                    if (_trailerLineLength == 0) _state = State.Done;
                    _trailerLineLength = 0;
                }
                else if (b != (byte)'\r') _trailerLineLength++;
                break;
        }
    }

    private void EndSizeLine()
    {
        _state = _remaining == 0 ? State.Trailer : State.ChunkData;
        _trailerLineLength = 0;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
