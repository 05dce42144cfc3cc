using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Flotilla.Balancer.L4.Tcp.Epoll;

/// <summary>
/// A client connection on an epoll loop: a non-blocking connect down the preference list (walked,
/// counted and refused by the shared <see cref="BackendAttempts"/>), then two pumps. Edge-triggered: a short read means drained (no retry that would only say EAGAIN);
/// a send that cannot finish keeps the rest and stops reading that side until EPOLLOUT.
/// Everything after <see cref="Start"/> runs on the loop thread.
/// </summary>
internal sealed unsafe partial class EpollConnection
{
    private const int ClientSide = 0;
    private const int BackendSide = 1;

    private readonly EpollLoop _loop;
    private readonly ILogger _logger;
    private readonly BackendAttempts _attempts;
    private readonly byte[]? _proxyHeader;
    private readonly EpollPump _up;
    private readonly EpollPump _down;
    private readonly GCHandle _handle;
    private readonly int _client;
    private readonly Action _onClosed;
    private int _backend = -1;
    private long _deadline;
    private EpollTcpFlow? _flow;
    private State _state = State.Connecting;

    /// <summary>Registered with the loop: from then on only the loop thread may free the handle.</summary>
    private bool _published;

    public EpollConnection(EpollLoop loop, ILogger logger, BackendAttempts attempts, int client, byte[]? proxyHeader, Action onClosed)
    {
        _onClosed = onClosed;
        _loop = loop;
        _logger = logger;
        _attempts = attempts;
        _client = client;
        _proxyHeader = proxyHeader;
        _up = new EpollPump(toBackend: true) { From = client };
        _down = new EpollPump(toBackend: false) { To = client };
        _handle = GCHandle.Alloc(this);
    }

    private enum State
    {
        Connecting,
        Open,
        Closed,
    }

    /// <summary>
    /// On the accept thread: starts the first connect, then publishes the connection to the
    /// loop. The backend is registered last, so the loop never races this thread on its state.
    /// </summary>
    public void Start()
    {
        if (!TryNextMember())
        {
            Reject();
            return;
        }

        _published = true;
        var error = _loop.Register(_client, _handle, ClientSide);
        if (error != 0)
        {
            // Cannot watch the client (out of memory for epoll items): refuse it.
            LogRegisterFailed(_logger, NativeSocket.Describe(error));
            NativeSocket.Close(_backend, reset: true, alreadyShut: false);
            _backend = -1;
            Reject();
            return;
        }

        _loop.TrackConnecting(this);
        error = _loop.Register(_backend, _handle, BackendSide);
        if (error != 0)
        {
            LogRegisterFailed(_logger, NativeSocket.Describe(error));
            _loop.PostClose(this, reset: true);
        }
    }

    /// <summary>Any thread (the sweep): the close itself runs on the loop.</summary>
    public void RequestClose(bool reset) => _loop.PostClose(this, reset);

    /// <summary>Loop thread: true while the connect is still under way.</summary>
    public bool CheckConnectTimeout(long now)
    {
        if (_state != State.Connecting)
        {
            return false;
        }

        if (now >= _deadline)
        {
            ConnectFailed("Connection timed out");
        }

        return _state == State.Connecting;
    }

    public void OnEvent(int side, uint events)
    {
        if (_state == State.Closed)
        {
            return;
        }

        var reading = side == ClientSide ? _up : _down;
        if ((events & (Libc.EPOLLIN | Libc.EPOLLRDHUP | Libc.EPOLLHUP | Libc.EPOLLERR)) != 0)
        {
            reading.ReadReady = true;
        }

        if ((events & (Libc.EPOLLRDHUP | Libc.EPOLLHUP | Libc.EPOLLERR)) != 0)
        {
            reading.FromHup = true;
        }

        if (_state == State.Connecting)
        {
            if (side == BackendSide && (events & (Libc.EPOLLOUT | Libc.EPOLLERR | Libc.EPOLLHUP)) != 0)
            {
                var error = NativeSocket.ConnectResult(_backend);
                if (error == 0)
                {
                    Connected();
                }
                else
                {
                    ConnectFailed(NativeSocket.Describe(error));
                }
            }

            if (_state != State.Open)
            {
                return;
            }
        }
        else if ((events & Libc.EPOLLERR) != 0)
        {
            // A reset (or other error) on one side resets both.
            Close(reset: true);
            return;
        }

        if (!Transfer(_up) || !Transfer(_down))
        {
            Close(reset: true);
        }
        else if (_up.Finished && _down.Finished)
        {
            Close(reset: false);
        }
    }

    /// <summary>Loop thread (or the accept thread before the connection was published).</summary>
    public void Close(bool reset)
    {
        if (_state == State.Closed)
        {
            return;
        }

        _state = State.Closed;
        var shut = !reset && _up.Finished && _down.Finished;
        if (_published)
        {
            _loop.Unregister(_client);
            _loop.Unregister(_backend);
        }

        NativeSocket.Close(_client, reset, shut);
        NativeSocket.Close(_backend, reset, shut);
        ReturnBuffer(_up);
        ReturnBuffer(_down);
        if (_published)
        {
            _loop.Release(_handle);
        }
        else
        {
            _handle.Free();
        }
        if (_flow is not null)
        {
            _attempts.Closed(_flow);
        }

        _onClosed();
    }

    /// <summary>Moves one direction on: finish a pending send, then read and forward until drained.</summary>
    /// <returns>False on a socket error (the caller resets both sides).</returns>
    private bool Transfer(EpollPump pump)
    {
        if (pump.Finished)
        {
            return true;
        }

        if (pump.Pending > 0 && !Flush(pump))
        {
            return false;
        }

        if (pump.Pending > 0 || !pump.ReadReady)
        {
            return true;
        }

        var shared = _loop.ReadBuffer;
        fixed (byte* buffer = shared)
        {
            while (true)
            {
                var n = (int)Libc.recv(pump.From, buffer, shared.Length, Libc.MSG_DONTWAIT);
                if (n > 0)
                {
                    _flow!.Touch();
                    if (pump.ToBackend)
                    {
                        _flow.Member.AddBytesIn(n);
                    }
                    else
                    {
                        _flow.Member.AddBytesOut(n);
                    }

                    if (!SendOrKeep(pump, buffer, n))
                    {
                        return false;
                    }

                    if (pump.Pending > 0)
                    {
                        // Backpressure: stop reading this side until the other drains (EPOLLOUT).
                        return true;
                    }

                    if (n < shared.Length && !pump.FromHup)
                    {
                        // Short read: the socket is drained; the next edge says when more came.
                        pump.ReadReady = false;
                        return true;
                    }

                    continue;
                }

                if (n == 0)
                {
                    // Half-close: pass the FIN on, keep the other direction running.
                    Libc.shutdown(pump.To, Libc.SHUT_WR);
                    pump.Finished = true;
                    pump.ReadReady = false;
                    return true;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EAGAIN)
                {
                    pump.ReadReady = false;
                    return true;
                }

                if (errno != Libc.EINTR)
                {
                    return false;
                }
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="count"/> bytes just read into the loop's shared buffer; what the
    /// socket will not take now is copied to the pump's own buffer (the shared one is reused
    /// by the next read). False on an error.
    /// </summary>
    private static bool SendOrKeep(EpollPump pump, byte* data, int count)
    {
        var offset = 0;
        while (offset < count)
        {
            var sent = (int)Libc.send(pump.To, data + offset, count - offset, Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL);
            if (sent >= 0)
            {
                offset += sent;
                continue;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.EAGAIN)
            {
                Keep(pump, new ReadOnlySpan<byte>(data + offset, count - offset));
                return true;
            }

            if (errno != Libc.EINTR)
            {
                return false;
            }
        }

        return true;
    }

    private static void Keep(EpollPump pump, ReadOnlySpan<byte> rest)
    {
        pump.Buffer = ArrayPool<byte>.Shared.Rent(rest.Length);
        rest.CopyTo(pump.Buffer);
        pump.Offset = 0;
        pump.Pending = rest.Length;
    }

    private static void ReturnBuffer(EpollPump pump)
    {
        if (pump.Buffer is { } buffer)
        {
            pump.Buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends what is pending; false on an error, true when sent or the socket is full.</summary>
    private static bool Flush(EpollPump pump)
    {
        fixed (byte* buffer = pump.Buffer)
        {
            while (pump.Pending > 0)
            {
                var sent = (int)Libc.send(pump.To, buffer + pump.Offset, pump.Pending, Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL);
                if (sent < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Libc.EAGAIN)
                    {
                        return true;
                    }

                    if (errno != Libc.EINTR)
                    {
                        return false;
                    }

                    continue;
                }

                pump.Offset += sent;
                pump.Pending -= sent;
            }
        }

        ReturnBuffer(pump);
        return true;
    }

    /// <summary>Starts a connect to the next member that takes one; false when none is left.</summary>
    private bool TryNextMember()
    {
        while (_attempts.TryNext())
        {
            var member = _attempts.Member!;
            // For a member inside a namespace this blocks for a hand-off to its thread; on the
            // accept thread at first, on the loop thread only when a retry needs another member.
            var error = NativeSocket.StartConnect(member.Endpoint, member.Namespace, out var fd);
            if (error == 0)
            {
                _backend = fd;
                _deadline = Environment.TickCount64 + (long)_attempts.ConnectTimeout.TotalMilliseconds;
                _down.From = fd;
                _up.To = fd;
                _down.ReadReady = false;
                _down.FromHup = false;
                return true;
            }

            NativeSocket.Close(fd, reset: true, alreadyShut: false);
            if (NativeSocket.IsLocalShortage(error))
            {
                _attempts.GiveUp(NativeSocket.Describe(error));
                return false;
            }

            _attempts.Failed(NativeSocket.Describe(error));
        }

        return false;
    }

    private void ConnectFailed(string reason)
    {
        _attempts.Failed(reason);
        _loop.Unregister(_backend);
        NativeSocket.Close(_backend, reset: false, alreadyShut: true);
        _backend = -1;
        if (!TryNextMember())
        {
            Reject();
            return;
        }

        var error = _loop.Register(_backend, _handle, BackendSide);
        if (error != 0)
        {
            LogRegisterFailed(_logger, NativeSocket.Describe(error));
            Close(reset: true);
        }
    }

    private void Connected()
    {
        _state = State.Open;
        _flow = new EpollTcpFlow(_attempts.Key, _attempts.Member!, _attempts.Rule.Flows, this);
        _attempts.Opened(_flow);
        if (_proxyHeader is not null)
        {
            // The header goes first: queue it as pending bytes of the upstream direction.
            Keep(_up, _proxyHeader);
        }
    }

    /// <summary>Nobody took the flow: refuse at once rather than let the client hang.</summary>
    private void Reject()
    {
        _attempts.Reject();
        Close(reset: true);
    }

    [LoggerMessage(EventId = 114, Level = LogLevel.Error, Message = "epoll_ctl failed, flow refused: {Reason}")]
    private static partial void LogRegisterFailed(ILogger logger, string reason);
}
