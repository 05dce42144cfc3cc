using System.Net;
using System.Net.Sockets;
using Flotilla.Testing;

namespace Flotilla.LoadTest.Tests.Scripting;

/// <summary>
/// A loopback TCP relay that sends each new connection to the next backend in turn, standing in
/// for seed 000's Azure NLB in front of its three VMs: a keep-alive connection stays on the
/// backend it was given.
/// </summary>
public sealed class RoundRobinRelay : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly int[] _backends;
    private readonly Task _accepting;
    private readonly CancellationTokenSource _stop = new();
    private int _next = -1;

    public RoundRobinRelay(params int[] backendPorts)
    {
        _backends = backendPorts;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(512);
        _accepting = AcceptLoop.RunAsync(_listener, RelayAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    private async Task RelayAsync(Socket client)
    {
        var port = _backends[(int)((uint)Interlocked.Increment(ref _next) % (uint)_backends.Length)];
        using (client)
        using (var backend = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                await backend.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), _stop.Token);
                await Task.WhenAny(PumpAsync(client, backend), PumpAsync(backend, client));
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // One side went away: both close.
            }
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[8192];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer, _stop.Token)) > 0) await to.SendAsync(buffer.AsMemory(0, n), _stop.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed mid-copy.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        _stop.Dispose();
    }
}
