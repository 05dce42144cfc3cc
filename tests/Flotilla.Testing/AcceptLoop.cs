using System.Net.Sockets;

namespace Flotilla.Testing;

/// <summary>The accept loop of the test servers: serves each client until the listener is disposed.</summary>
public static class AcceptLoop
{
    public static async Task RunAsync(Socket listener, Func<Socket, Task> serve)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = serve(client);
        }
    }
}
