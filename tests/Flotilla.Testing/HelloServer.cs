using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Flotilla.Testing;

/// <summary>
/// A real HTTP/1.1 server on loopback that answers every request with <c>Hello from VM {index}</c>
/// (seed 000's backends), keep-alive, with a settable status code.
/// </summary>
public sealed class HelloServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly ConcurrentDictionary<Socket, byte> _connections = new();
    private readonly Task _accepting;
    private int _accepted;

    private readonly X509Certificate2? _certificate;

    private HelloServer(int index, int port, bool tls)
        : this(index, ListenOnLoopback(port), tls)
    {
    }

    private HelloServer(int index, Socket listener, bool tls)
    {
        Index = index;
        _certificate = tls ? SelfSigned() : null;
        _listener = listener;
        _accepting = AcceptLoop.RunAsync(_listener, client =>
        {
            Interlocked.Increment(ref _accepted);
            _connections[client] = 0;
            return ServeAsync(client);
        });
    }

    public int Index { get; }

    public int Status { get; set; } = 200;

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public int Accepted => Volatile.Read(ref _accepted);

    public int OpenConnections => _connections.Count;

    public static HelloServer Start(int index, int port = 0) => new(index, port, tls: false);

    /// <summary>Serves on a socket already bound and listening, e.g. one made inside a network namespace.</summary>
    public static HelloServer Serve(int index, Socket listener) => new(index, listener, tls: false);

    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndPoint!;

    private static Socket ListenOnLoopback(int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(1024);
        return listener;
    }

    /// <summary>The same server behind TLS, with a throw-away self-signed certificate.</summary>
    public static HelloServer StartTls(int index) => new(index, 0, tls: true);

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    private async Task ServeAsync(Socket client)
    {
        var buffer = new byte[4096];
        var pending = new StringBuilder();
        Stream stream = new NetworkStream(client, ownsSocket: false);
        try
        {
            if (_certificate is not null)
            {
                var tls = new SslStream(stream);
                await tls.AuthenticateAsServerAsync(_certificate);
                stream = tls;
            }

            while (true)
            {
                var n = await stream.ReadAsync(buffer);
                if (n == 0)
                {
                    return;
                }

                pending.Append(Encoding.ASCII.GetString(buffer, 0, n));
                while (pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal) is var end and >= 0)
                {
                    var request = pending.ToString(0, end);
                    pending.Remove(0, end + 4);
                    var body = $"Hello from VM {Index}\n";
                    var close = request.Contains("Connection: close", StringComparison.OrdinalIgnoreCase);
                    var response = $"HTTP/1.1 {Status} X\r\nContent-Length: {body.Length}\r\n{(close ? "Connection: close\r\n" : "")}\r\n{body}";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
                    if (close)
                    {
                        client.Shutdown(SocketShutdown.Send);
                    }
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or System.Security.Authentication.AuthenticationException)
        {
            // Client went away.
        }
        finally
        {
            _connections.TryRemove(client, out _);
            await stream.DisposeAsync();
            client.Dispose();
        }
    }

    /// <summary>Stops listening and drops every open connection, like a VM that died.</summary>
    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        foreach (var connection in _connections.Keys)
        {
            connection.Dispose();
        }

        await _accepting;
    }
}
