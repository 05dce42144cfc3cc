using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Flotilla.Testing;

/// <summary>Minimal HTTP/1.1 over a raw socket, so each call controls its own connection.</summary>
public static class Http
{
    /// <summary>One request on a fresh connection (what a curl loop does); returns the body.</summary>
    public static async Task<string> GetFreshAsync(int port, CancellationToken cancellationToken = default)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
        return await GetAsync(socket, close: true, cancellationToken);
    }

    /// <summary>One request on an open connection; returns the body.</summary>
    public static async Task<string> GetAsync(Socket socket, bool close = false, CancellationToken cancellationToken = default)
    {
        var request = $"GET / HTTP/1.1\r\nHost: test\r\n{(close ? "Connection: close\r\n" : "")}\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
        var buffer = new byte[4096];
        var text = new StringBuilder();
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer, cancellationToken);
            if (n == 0)
            {
                break;
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
            var response = text.ToString();
            var headerEnd = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headerEnd >= 0 && ContentLength(response[..headerEnd]) is { } length && response.Length >= headerEnd + 4 + length)
            {
                return response.Substring(headerEnd + 4, length);
            }
        }

        throw new IOException($"connection closed mid-response: '{text}'");
    }

    public static async Task<Socket> ConnectAsync(int port, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
        return socket;
    }

    private static int? ContentLength(string headers)
    {
        foreach (var line in headers.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
