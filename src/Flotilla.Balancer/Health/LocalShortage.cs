using System.Net.Sockets;

namespace Flotilla.Balancer.Health;

/// <summary>
/// Errors that describe this process, not the member: out of descriptors or socket buffers.
/// A probe that fails for such a reason has learned nothing about the member, so it must not
/// count against it (else a balancer at its descriptor limit would mark every member down).
/// </summary>
internal static class LocalShortage
{
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable })
            {
                return true;
            }
        }

        return false;
    }
}
