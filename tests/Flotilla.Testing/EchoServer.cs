using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Flotilla.Testing;

/// <summary>A TCP echo server; on the client's FIN it sends a last word, then closes. Counts resets it saw.</summary>
public sealed class EchoServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly byte[] _lastWord;
    private readonly Task _accepting;
    private int _resets;

    private EchoServer(string lastWord)
    {
        _lastWord = Encoding.ASCII.GetBytes(lastWord);
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(128);
        _accepting = AcceptLoop.RunAsync(_listener, EchoAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public int Resets => Volatile.Read(ref _resets);

    public static EchoServer Start(string replyOnEof) => new(replyOnEof);

    public static async Task<string> ReadToEndAsync(Socket socket) => Encoding.ASCII.GetString(await ReadBytesToEndAsync(socket));

    public static Task<byte[]> ReadBytesToEndAsync(Socket socket) => ReadBytesToEndAsync(socket, TimeSpan.FromSeconds(5));

    public static async Task<byte[]> ReadBytesToEndAsync(Socket socket, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var all = new MemoryStream();
        var buffer = new byte[65536];
        int n;
        while ((n = await socket.ReceiveAsync(buffer, deadline.Token)) > 0)
        {
            all.Write(buffer, 0, n);
        }

        return all.ToArray();
    }

    private async Task EchoAsync(Socket client)
    {
        using (client)
        {
            var buffer = new byte[4096];
            try
            {
                int n;
                while ((n = await client.ReceiveAsync(buffer)) > 0)
                {
                    await client.SendAsync(buffer.AsMemory(0, n));
                }

                await client.SendAsync(_lastWord);
                client.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                Interlocked.Increment(ref _resets);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _accepting;
    }
}
