using System.Runtime.CompilerServices;
using Flotilla.LoadTest.Metrics;

namespace Flotilla.LoadTest.Http;

/// <summary>
/// A VU's HTTP client, like a k6 VU's: it keeps its connections alive across iterations (per
/// authority; <c>http.batch</c> uses several), applies the per-request timeout, turns failures
/// into error kinds instead of exceptions, and records every request into the run's metrics.
/// A reused connection the server had already closed is retried once on a fresh one, as
/// browsers and HttpClient do for idempotent requests.
/// </summary>
public sealed class HttpSession : IDisposable
{
    private readonly HttpSessionOptions _options;
    private readonly LoadTestMetrics _metrics;
    private readonly AddressResolver _resolver;
    private readonly TimeProvider _time;
    // One request at a time is the common case (a VU in a loop): it takes and returns its
    // connection and timeout source through one slot each, without a lock; http.batch and
    // several hosts overflow into the locked lists.
    private HttpConnection? _idleSlot;
    private CancellationTokenSource? _timeoutSlot;
    private readonly List<HttpConnection> _idle = [];
    private readonly Stack<CancellationTokenSource> _timeouts = new();
    private bool _disposed;

    public HttpSession(HttpSessionOptions options, LoadTestMetrics metrics, AddressResolver resolver, TimeProvider time)
    {
        _options = options;
        _metrics = metrics;
        _resolver = resolver;
        _time = time;
    }

    /// <summary>
    /// Sends one request and returns its response, or a response carrying the error. Durations are
    /// measured from <paramref name="latencyOrigin"/> (a <see cref="TimeProvider"/> timestamp) when
    /// given: an open-model iteration passes its intended start.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> (the run stopping) fired.</exception>
    public ValueTask<HttpResponse> SendAsync(HttpRequest request, long? latencyOrigin, CancellationToken cancellationToken) =>
        SendCoreAsync(request, latencyOrigin, blocking: false, cancellationToken);

    /// <summary>
    /// <see cref="SendAsync"/> with blocking socket calls, for a script VU's own thread (k6's
    /// <c>http.get</c> is synchronous): the thread sleeps in the kernel until the response comes,
    /// instead of spinning on a task another thread completes (measured: that costs a script 3x
    /// the CPU per request of a flags run on two cores).
    /// </summary>
    public HttpResponse Send(HttpRequest request, long? latencyOrigin, CancellationToken cancellationToken)
    {
        var pending = SendCoreAsync(request, latencyOrigin, blocking: true, cancellationToken);
        // Completes synchronously unless a host name is being resolved for the first time.
        return pending.IsCompleted ? pending.GetAwaiter().GetResult() : pending.AsTask().GetAwaiter().GetResult();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<HttpResponse> SendCoreAsync(HttpRequest request, long? latencyOrigin, bool blocking, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var timeout = RentTimeout();
        timeout.CancelAfter(request.Timeout ?? _options.Timeout);
        var begin = _time.GetTimestamp();
        HttpConnection? connection = null;
        double connecting = 0, tls = 0;
        try
        {
            using var link = cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), timeout);
            connection = TakeIdle(request.Target.Authority);
            var retried = false;
            while (true)
            {
                var reused = connection is not null;
                if (connection is null)
                {
                    var address = await _resolver.ResolveAsync(request.Target).WaitAsync(timeout.Token).ConfigureAwait(false);
                    (connection, connecting, tls) = await HttpConnection.OpenAsync(
                        request.Target, address, _options.BodyLimit, _options.InsecureSkipTlsVerify, blocking, _time, timeout.Token).ConfigureAwait(false);
                }
                try
                {
                    var exchange = await connection.ExchangeAsync(request, !_options.ReuseConnections, _options.KeepHeaders, blocking, _time, timeout.Token).ConfigureAwait(false);
                    if (exchange.Reusable) ReturnIdle(connection);
                    else connection.Dispose();
                    connection = null;
                    var response = new HttpResponse
                    {
                        Status = exchange.Head.Status,
                        Protocol = exchange.Head.Protocol,
                        Headers = exchange.Head.Headers,
                        Body = exchange.Body,
                        BodyLength = exchange.BodyLength,
                        Timings = exchange.Timings with { Connecting = connecting, TlsHandshaking = tls },
                        BytesSent = exchange.BytesSent,
                        BytesReceived = exchange.BytesReceived,
                    };
                    var duration = latencyOrigin is { } origin ? _time.GetElapsedTime(origin, exchange.EndTimestamp).TotalMilliseconds : exchange.Timings.Duration;
                    _metrics.RecordRequest(response, duration);
                    return response;
                }
                catch (Exception e) when (reused && !retried && IsStaleConnection(e, request) && !timeout.IsCancellationRequested)
                {
                    connection?.Dispose();
                    connection = null;
                    retried = true;
                }
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && HttpErrorClassifier.Classify(e, timeout.IsCancellationRequested) is var kind && kind != HttpErrorKind.None)
        {
            connection?.Dispose();
            var elapsed = _time.GetElapsedTime(latencyOrigin ?? begin).TotalMilliseconds;
            var response = new HttpResponse
            {
                Error = kind,
                ErrorMessage = e.Message,
                Timings = new HttpTimings(0, connecting, tls, 0, 0, 0, _time.GetElapsedTime(begin).TotalMilliseconds),
            };
            _metrics.RecordRequest(response, elapsed);
            return response;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested)
        {
            connection?.Dispose();
            throw new OperationCanceledException("the run stopped", e, cancellationToken);
        }
        finally
        {
            ReturnTimeout(timeout);
        }
    }

    private static bool IsStaleConnection(Exception e, HttpRequest request) => e switch
    {
        ConnectionClosedException closed => closed.BeforeAnyResponseByte,
        _ => request.Method is "GET" or "HEAD" or "OPTIONS" or "PUT" or "DELETE"
            && HttpErrorClassifier.Classify(e, timedOut: false) == HttpErrorKind.Reset,
    };

    private HttpConnection? TakeIdle(string authority)
    {
        if (Interlocked.Exchange(ref _idleSlot, null) is { } slot)
        {
            if (slot.Authority == authority) return slot;
            ReturnIdle(slot, useSlot: false);
        }
        lock (_idle)
        {
            for (var i = _idle.Count - 1; i >= 0; i--)
            {
                if (_idle[i].Authority == authority)
                {
                    var connection = _idle[i];
                    _idle.RemoveAt(i);
                    return connection;
                }
            }
        }
        return null;
    }

    private void ReturnIdle(HttpConnection connection, bool useSlot = true)
    {
        if (useSlot && !_disposed && Interlocked.CompareExchange(ref _idleSlot, connection, null) is null)
        {
            // Dispose may have run between the check and the exchange: it empties the slot after setting the flag.
            if (Volatile.Read(ref _disposed) && Interlocked.Exchange(ref _idleSlot, null) is { } raced) raced.Dispose();
            return;
        }
        lock (_idle)
        {
            if (!_disposed)
            {
                _idle.Add(connection);
                return;
            }
        }
        connection.Dispose();
    }

    private CancellationTokenSource RentTimeout()
    {
        if (Interlocked.Exchange(ref _timeoutSlot, null) is { } slot) return slot;
        lock (_timeouts)
        {
            return _timeouts.TryPop(out var cts) ? cts : new CancellationTokenSource();
        }
    }

    private void ReturnTimeout(CancellationTokenSource timeout)
    {
        // A source that fired cannot be reset.
        if (!timeout.TryReset())
        {
            timeout.Dispose();
            return;
        }
        if (Interlocked.CompareExchange(ref _timeoutSlot, timeout, null) is null) return;
        lock (_timeouts) _timeouts.Push(timeout);
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        Interlocked.Exchange(ref _idleSlot, null)?.Dispose();
        Interlocked.Exchange(ref _timeoutSlot, null)?.Dispose();
        lock (_idle)
        {
            foreach (var connection in _idle) connection.Dispose();
            _idle.Clear();
        }
        lock (_timeouts)
        {
            while (_timeouts.TryPop(out var cts)) cts.Dispose();
        }
    }
}
