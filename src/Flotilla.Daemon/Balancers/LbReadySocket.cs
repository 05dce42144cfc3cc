using System.Net.Sockets;
using System.Threading.Channels;

namespace Flotilla.Daemon.Balancers;

/// <summary>
/// The receiving end of flotilla-lb's sd_notify-style <c>READY=1</c> (sent once its first config is live and after
/// each reload): a UNIX datagram socket at <see cref="LbPaths.NotifySocket"/>, its path handed to flotilla-lb as
/// <c>NOTIFY_SOCKET</c>. A message only wakes the supervisor to read <c>/status</c> at once, which stays the one
/// source of truth (the config's hash); so a start or reload is confirmed when flotilla-lb says so, not a poll period
/// later. The path is fixed per data dir, so a flotilla-lb adopted after a daemon restart reaches the new daemon.
/// </summary>
internal sealed class LbReadySocket : IDisposable
{
    private readonly Channel<bool> _wakeups = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Socket _socket;

    private LbReadySocket(Socket socket)
    {
        _socket = socket;
        _ = ReceiveAsync(_stop.Token);
    }

    public string Path { get; private init; } = "";

    /// <summary>Bound at <paramref name="path"/> (a stale file there goes), or null when a UNIX socket cannot have that path (over 107 bytes).</summary>
    public static LbReadySocket? Bind(string path)
    {
        UnixDomainSocketEndPoint endpoint;
        try
        {
            endpoint = new UnixDomainSocketEndPoint(path);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
        File.Delete(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.Bind(endpoint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new LbReadySocket(socket) { Path = path };
    }

    /// <summary>Until flotilla-lb sends a message (or one came since the last wait), or <paramref name="fallback"/> passes.</summary>
    public async Task WaitAsync(TimeSpan fallback, TimeProvider time, CancellationToken ct)
    {
        if (_wakeups.Reader.TryRead(out _)) return;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(fallback, time, timeout.Token);
        var message = _wakeups.Reader.WaitToReadAsync(timeout.Token).AsTask();
        await Task.WhenAny(delay, message).ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        _wakeups.Reader.TryRead(out _);
    }

    /// <summary>Throws away a message already here: what follows a new start or reload is what counts.</summary>
    public void Forget() => _wakeups.Reader.TryRead(out _);

    private async Task ReceiveAsync(CancellationToken ct)
    {
        var buffer = new byte[4096];
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await _socket.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false);
                _wakeups.Writer.TryWrite(true);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Disposed: the supervisor stopped flotilla-lb or the daemon stops.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // Its directory is being removed with the last balancer.
        }
    }
}
