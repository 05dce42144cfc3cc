using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Flotilla.Balancer.L4.Tcp.Epoll;

/// <summary>
/// One thread waiting in epoll_wait (edge-triggered) and running every event of the
/// connections it owns, so their state needs no locks. Other threads reach it through a queue
/// and an eventfd wake-up (closes from the sweep) or by registering a descriptor before the
/// loop can see it (the accept thread).
/// </summary>
internal sealed unsafe partial class EpollLoop : IAsyncDisposable
{
    private const int MaxEvents = 256;

    /// <summary>Bounds how late a connect timeout fires; an idle loop wakes this often.</summary>
    private const int TickMilliseconds = 250;

    /// <summary>
    /// Every read on this loop lands here and is sent on at once; only bytes a peer will not
    /// take yet are copied to the connection (see EpollPump.Buffer). One buffer per loop
    /// instead of two per flow keeps 10,000 idle flows from holding 160 MiB.
    /// </summary>
    public byte[] ReadBuffer { get; } = GC.AllocateUninitializedArray<byte>(64 * 1024, pinned: true);

    private readonly int _epoll;
    private readonly int _wake;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<(EpollConnection Connection, bool Reset)> _closes = new();
    private readonly ConcurrentQueue<EpollConnection> _newConnecting = new();
    private readonly List<EpollConnection> _connecting = [];
    private readonly List<GCHandle> _released = [];
    private readonly Thread _thread;
    private volatile bool _stopping;

    public EpollLoop(int index, ILogger logger)
    {
        _logger = logger;
        _epoll = Libc.epoll_create1(Libc.EPOLL_CLOEXEC);
        _wake = Libc.eventfd(0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
        if (_epoll < 0 || _wake < 0)
        {
            throw new InvalidOperationException($"epoll/eventfd: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        // Data 0 marks the eventfd; connections use their (aligned, non-zero) GCHandle.
        var ev = new EpollEvent { Events = Libc.EPOLLIN | Libc.EPOLLET, Data = 0 };
        Libc.epoll_ctl(_epoll, Libc.EPOLL_CTL_ADD, _wake, &ev);
        _thread = new Thread(Run) { IsBackground = true, Name = $"flotilla-epoll-{index}" };
        _thread.Start();
    }

    /// <summary>Adds a descriptor; the low bit of the event data says which side it is.</summary>
    public int Register(int fd, GCHandle owner, int side)
    {
        var ev = new EpollEvent
        {
            Events = Libc.EPOLLIN | Libc.EPOLLOUT | Libc.EPOLLRDHUP | Libc.EPOLLET,
            Data = (ulong)GCHandle.ToIntPtr(owner) | (uint)side,
        };
        return Libc.epoll_ctl(_epoll, Libc.EPOLL_CTL_ADD, fd, &ev) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>
    /// Removes a descriptor before it is closed. close(2) alone does not: epoll watches the open
    /// file, which a child forked meanwhile (until its exec) still holds, and its next event would
    /// name a connection whose handle is already freed (seen: a test host running `ip` crashed).
    /// </summary>
    public void Unregister(int fd)
    {
        if (fd >= 0)
        {
            Libc.epoll_ctl(_epoll, Libc.EPOLL_CTL_DEL, fd, null);
        }
    }

    /// <summary>Watches a connection's connect timeout until it leaves the connecting state.</summary>
    public void TrackConnecting(EpollConnection connection) => _newConnecting.Enqueue(connection);

    /// <summary>Any thread: runs the close on the loop thread.</summary>
    public void PostClose(EpollConnection connection, bool reset)
    {
        _closes.Enqueue((connection, reset));
        Wake();
    }

    private void Wake()
    {
        ulong one = 1;
        Libc.write(_wake, &one, sizeof(ulong));
    }

    /// <summary>
    /// Stops the loop thread after it ran the closes posted so far (the runtime's last flows),
    /// then closes the epoll and eventfd descriptors.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        _stopping = true;
        Wake();
        return new ValueTask(Task.Run(() =>
        {
            _thread.Join();
            Libc.close(_epoll);
            Libc.close(_wake);
        }));
    }

    /// <summary>Frees a handle after the current batch, which may still name it.</summary>
    public void Release(GCHandle handle) => _released.Add(handle);

    private void Run()
    {
        var events = (EpollEvent*)NativeMemory.Alloc(MaxEvents, (nuint)sizeof(EpollEvent));
        while (!_stopping)
        {
            var n = Libc.epoll_wait(_epoll, events, MaxEvents, TickMilliseconds);
            if (n < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != Libc.EINTR)
                {
                    LogWaitFailed(_logger, Marshal.GetPInvokeErrorMessage(errno));
                    Thread.Sleep(10);
                }

                continue;
            }

            for (var i = 0; i < n; i++)
            {
                var data = events[i].Data;
                if (data == 0)
                {
                    ulong count;
                    Libc.read(_wake, &count, sizeof(ulong));
                    RunCloses();
                    continue;
                }

                var connection = (EpollConnection)GCHandle.FromIntPtr((nint)(data & ~1UL)).Target!;
                Dispatch(connection, (int)(data & 1), events[i].Events);
            }

            CheckConnectTimeouts();
            foreach (var handle in _released)
            {
                handle.Free();
            }

            _released.Clear();
        }

        // Stopping: closes posted before the stop may not have had their wake-up read yet.
        RunCloses();
        foreach (var handle in _released)
        {
            handle.Free();
        }

        _released.Clear();
        NativeMemory.Free(events);
    }

    private void Dispatch(EpollConnection connection, int side, uint events)
    {
        try
        {
            connection.OnEvent(side, events);
        }
        catch (Exception e)
        {
            // A bug in one connection must not take the loop (and every other flow) down: log it
            // and reset that connection.
            LogEventFailed(_logger, e);
            connection.Close(reset: true);
        }
    }

    private void RunCloses()
    {
        while (_closes.TryDequeue(out var close))
        {
            close.Connection.Close(close.Reset);
        }
    }

    private void CheckConnectTimeouts()
    {
        while (_newConnecting.TryDequeue(out var connection))
        {
            _connecting.Add(connection);
        }

        if (_connecting.Count == 0)
        {
            return;
        }

        var now = Environment.TickCount64;
        _connecting.RemoveAll(c => !c.CheckConnectTimeout(now));
    }

    [LoggerMessage(EventId = 120, Level = LogLevel.Error, Message = "epoll_wait failed: {Reason}")]
    private static partial void LogWaitFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 121, Level = LogLevel.Error, Message = "A TCP flow event failed; the flow was reset")]
    private static partial void LogEventFailed(ILogger logger, Exception exception);
}
