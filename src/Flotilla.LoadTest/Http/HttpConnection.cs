using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Flotilla.LoadTest.Http;

/// <summary>
/// One client connection (TCP, or TLS over TCP) carrying one request at a time. Reads go into
/// a small per-connection buffer; only body bytes a caller wants to keep are copied out.
/// </summary>
internal sealed class HttpConnection : IDisposable
{
    private const int InitialBufferSize = 4096;
    private const int MaxHeadSize = 64 * 1024;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly HttpBodyDecoder _decoder = new();
    private readonly BodyCapture _capture;
    private byte[] _buffer = new byte[InitialBufferSize];

    private HttpConnection(Socket socket, Stream stream, string authority, int bodyLimit)
    {
        _socket = socket;
        _stream = stream;
        Authority = authority;
        _capture = new BodyCapture(bodyLimit);
    }

    public string Authority { get; }

    /// <summary>Exchanges completed on this connection; a reused one may have been closed by the server meanwhile.</summary>
    public int Exchanges { get; private set; }

    /// <summary>Per-request timeout source; reset after each request that finished in time.</summary>
    public CancellationTokenSource Timeout { get; private set; } = new();

    public static async ValueTask<(HttpConnection Connection, double ConnectMs, double TlsMs)> OpenAsync(
        HttpTarget target, IPAddress address, int bodyLimit, bool insecure, bool blocking, TimeProvider time, CancellationToken cancellationToken)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        // Blocking calls are unblocked by closing the socket when the timeout or the run's stop fires.
        using var unblock = blocking ? cancellationToken.UnsafeRegister(static s => ((Socket)s!).Dispose(), socket) : default;
        try
        {
            var start = time.GetTimestamp();
            if (blocking)
            {
                socket.Connect(new IPEndPoint(address, target.Port));
            }
            else
            {
                await socket.ConnectAsync(new IPEndPoint(address, target.Port), cancellationToken).ConfigureAwait(false);
            }
            var connected = time.GetTimestamp();
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            double tlsMs = 0;
            if (target.IsHttps)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                var options = new SslClientAuthenticationOptions { TargetHost = target.Host };
                if (insecure) options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
                if (blocking) ssl.AuthenticateAsClient(options);
                else await ssl.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
                tlsMs = time.GetElapsedTime(connected).TotalMilliseconds;
            }
            return (new HttpConnection(socket, stream, target.Authority, bodyLimit), time.GetElapsedTime(start, connected).TotalMilliseconds, tlsMs);
        }
        catch (Exception e) when (blocking && cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            socket.Dispose();
            throw new OperationCanceledException("the connect was unblocked by the timeout or the stop", e, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="request"/> and reads its whole response.</summary>
    /// <exception cref="ConnectionClosedException">The peer closed before a whole response.</exception>
    /// <exception cref="MalformedResponseException">The response is not HTTP/1.x.</exception>
    public ValueTask<ExchangeResult> ExchangeAsync(HttpRequest request, bool close, bool keepHeaders, bool blocking, TimeProvider time, CancellationToken cancellationToken) =>
        blocking
            ? ExchangeBlockingAsync(request, close, keepHeaders, time, cancellationToken)
            : ExchangeCoreAsync(request, close, keepHeaders, blocking: false, time, cancellationToken);

    /// <summary>Completes synchronously; the timeout or the stop unblocks it by closing the connection.</summary>
    private async ValueTask<ExchangeResult> ExchangeBlockingAsync(HttpRequest request, bool close, bool keepHeaders, TimeProvider time, CancellationToken cancellationToken)
    {
        const bool blocking = true;
        using var unblock = cancellationToken.UnsafeRegister(static s => ((HttpConnection)s!).Dispose(), this);
        try
        {
            return await ExchangeCoreAsync(request, close, keepHeaders, blocking, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            throw new OperationCanceledException("the exchange was unblocked by the timeout or the stop", e, cancellationToken);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ExchangeResult> ExchangeCoreAsync(HttpRequest request, bool close, bool keepHeaders, bool blocking, TimeProvider time, CancellationToken cancellationToken)
    {
        var bytes = request.Encode(close);
        var start = time.GetTimestamp();
        if (blocking) _stream.Write(bytes);
        else await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        var sent = time.GetTimestamp();

        // Head: read until the empty line; the buffer grows for large heads.
        int filled = 0, headEnd;
        long firstByte = 0, received = 0;
        while ((headEnd = HttpResponseHeadParser.FindEnd(_buffer.AsSpan(0, filled))) < 0)
        {
            if (filled == _buffer.Length)
            {
                if (_buffer.Length >= MaxHeadSize) throw new MalformedResponseException("response head larger than 64 KiB");
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
            var n = blocking ? _stream.Read(_buffer.AsSpan(filled)) : await _stream.ReadAsync(_buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (n == 0) throw new ConnectionClosedException(beforeAnyResponseByte: received == 0);
            if (received == 0) firstByte = time.GetTimestamp();
            received += n;
            filled += n;
        }
        var head = HttpResponseHeadParser.Parse(_buffer.AsSpan(0, headEnd), keepHeaders);
        _decoder.Start(head, request.ExpectsNoBody);
        _capture.Reset(head.ContentLength);

        var leftover = _decoder.Feed(_buffer.AsSpan(headEnd, filled - headEnd), _capture) < filled - headEnd;
        while (!_decoder.IsComplete)
        {
            var n = blocking ? _stream.Read(_buffer) : await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                if (_decoder.CompleteAtEof()) break;
                throw new ConnectionClosedException(beforeAnyResponseByte: false);
            }
            received += n;
            leftover = _decoder.Feed(_buffer.AsSpan(0, n), _capture) < n;
        }
        var end = time.GetTimestamp();
        Exchanges++;
        var timings = new HttpTimings(
            Blocked: 0, Connecting: 0, TlsHandshaking: 0,
            Sending: time.GetElapsedTime(start, sent).TotalMilliseconds,
            Waiting: time.GetElapsedTime(sent, firstByte).TotalMilliseconds,
            Receiving: time.GetElapsedTime(firstByte, end).TotalMilliseconds,
            Duration: time.GetElapsedTime(start, end).TotalMilliseconds);
        return new ExchangeResult(head, _capture.ToArray(), _capture.Total, timings, bytes.Length, received, start, end,
            // Bytes after the response (we never pipeline), a close or a body ended by the close: do not reuse.
            Reusable: !close && !head.ConnectionClose && !_decoder.EndsAtClose && !leftover);
    }

    /// <summary>A fresh timeout source after one that fired (a fired source cannot be reset).</summary>
    public void RenewTimeout()
    {
        if (!Timeout.TryReset())
        {
            Timeout.Dispose();
            Timeout = new CancellationTokenSource();
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _socket.Dispose();
        Timeout.Dispose();
    }
}
