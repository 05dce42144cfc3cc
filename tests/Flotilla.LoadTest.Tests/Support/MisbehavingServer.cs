using System.Net;
using System.Net.Sockets;

namespace Flotilla.LoadTest.Tests.Support;

/// <summary>
/// A loopback server that reads a request and then hangs up: with a reset (RST, linger 0) or a
/// plain close (FIN) before any response byte.
/// </summary>
public sealed class MisbehavingServer : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly bool _reset;

    public MisbehavingServer(bool reset)
    {
        _reset = reset;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(128);
        _ = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}/";

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = HangUpAsync(client);
        }
    }

    private async Task HangUpAsync(Socket client)
    {
        using (client)
        {
            try
            {
                await client.ReceiveAsync(new byte[4096]);
                if (_reset) client.LingerState = new LingerOption(true, 0);
            }
            catch (SocketException)
            {
                // The client went first; nothing to hang up on.
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
