using System.Buffers;
using System.Net.Sockets;
using Flotilla.Balancer.L4.Flows;
using Flotilla.Balancer.L4.Hashing;
using Flotilla.Balancer.L4.Pools;

namespace Flotilla.Balancer.L4.Tcp;

/// <summary>
/// A client connection spliced to a backend connection: two pumps copy bytes each way with
/// pooled buffers. A FIN is passed on as a half-close (the other direction keeps going); a
/// reset or error on either side resets both.
/// </summary>
internal sealed class TcpFlow : Flow
{
    /// <summary>Per direction; 2 × 8 KiB per flow keeps 10,000 flows near 160 MiB of buffers.</summary>
    private const int BufferSize = 8192;

    private readonly Socket _client;
    private readonly Socket _backend;
    private int _closed;

    /// <summary>Directions whose FIN was already passed on (1 = to backend, 2 = to client).</summary>
    private int _finished;

    public TcpFlow(FlowKey key, Member member, FlowTable table, Socket client, Socket backend)
        : base(key, member, table)
    {
        _client = client;
        _backend = backend;
    }

    public async Task RunAsync()
    {
        var up = ArrayPool<byte>.Shared.Rent(BufferSize);
        var down = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var upstream = PumpAsync(_client, _backend, up, toBackend: true);
            var downstream = PumpAsync(_backend, _client, down, toBackend: false);
            await upstream.ConfigureAwait(false);
            await downstream.ConfigureAwait(false);
            Close(reset: false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(up);
            ArrayPool<byte>.Shared.Return(down);
        }
    }

    public override void Close(bool reset)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        // After a FIN each way (the usual end) both sockets are shut already: a further
        // shutdown(2) only fails with ENOTCONN, so skip it and just close.
        var graceful = !reset && Volatile.Read(ref _finished) == 3;
        Shut(_client, reset, graceful);
        Shut(_backend, reset, graceful);
    }

    private async Task PumpAsync(Socket from, Socket to, byte[] buffer, bool toBackend)
    {
        try
        {
            while (true)
            {
                var n = await from.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                if (n == 0)
                {
                    // Half-close: pass the FIN on, keep the other direction running.
                    to.Shutdown(SocketShutdown.Send);
                    Interlocked.Or(ref _finished, toBackend ? 1 : 2);
                    return;
                }

                Touch();
                if (toBackend)
                {
                    Member.AddBytesIn(n);
                }
                else
                {
                    Member.AddBytesOut(n);
                }

                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer reset, or the flow was closed (idle, drain): pass a reset on to both.
            Close(reset: true);
        }
    }

    private static void Shut(Socket socket, bool reset, bool alreadyShut)
    {
        if (!alreadyShut)
        {
            try
            {
                if (reset)
                {
                    // Linger 0 makes close(2) send RST instead of FIN.
                    socket.LingerState = new LingerOption(true, 0);
                }
                else
                {
                    socket.Shutdown(SocketShutdown.Both);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already gone: nothing left to tell the peer.
            }
        }

        socket.Dispose();
    }
}
