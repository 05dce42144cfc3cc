using System.Net.Sockets;
using System.Text;

namespace Flotilla.Lb.Hosting;

/// <summary>
/// Tells a supervisor, the way sd_notify(3) tells systemd, when the config is live: with <c>NOTIFY_SOCKET</c> naming a
/// UNIX datagram socket (a path, or <c>@name</c> for an abstract one), <c>READY=1</c> is sent once the first config
/// is live and again after every reload, live or rejected (with a <c>STATUS=</c> line). flotillad then looks at
/// <c>/status</c> at that moment instead of on a poll period; systemd can run us with <c>Type=notify</c>. Best effort:
/// a supervisor that is gone (a daemon restart) misses a message, and its <c>/status</c> poll still tells the truth.
/// </summary>
internal sealed class ReadyNotifier : IDisposable
{
    private readonly Socket _socket;
    private readonly UnixDomainSocketEndPoint _target;

    private ReadyNotifier(string address)
    {
        _target = new UnixDomainSocketEndPoint(address.StartsWith('@') ? "\0" + address[1..] : address);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    /// <summary>A notifier for <c>NOTIFY_SOCKET</c>, or null when it is not set.</summary>
    public static ReadyNotifier? FromEnvironment() =>
        Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is { Length: > 0 } address ? new ReadyNotifier(address) : null;

    public void Ready(string status)
    {
        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes($"READY=1\nSTATUS={status.ReplaceLineEndings(" ")}"), _target);
        }
        catch (SocketException)
        {
            // Nobody listens (the supervisor restarts, or went): it reads /status when it is back.
        }
    }

    public void Dispose() => _socket.Dispose();
}
