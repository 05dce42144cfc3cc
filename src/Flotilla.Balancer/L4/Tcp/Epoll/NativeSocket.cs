using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Flotilla.Balancer.Namespaces;

namespace Flotilla.Balancer.L4.Tcp.Epoll;

/// <summary>Raw descriptor helpers: non-blocking connect, connect result, close with FIN or RST.</summary>
internal static unsafe class NativeSocket
{
    /// <summary>ENOMEM, ENFILE, EMFILE, ENOBUFS: this process is short, the member is not at fault.</summary>
    public static bool IsLocalShortage(int errno) => Libc.IsLocalShortage(errno);

    /// <summary>
    /// Starts a non-blocking connect; returns errno (0 when under way or done). With a
    /// <paramref name="network"/>, only the socket(2) is made inside it (by its thread); the
    /// options and the connect are set from here, as for a host socket.
    /// </summary>
    public static int StartConnect(IPEndPoint endpoint, NetworkNamespace? network, out int fd)
    {
        var v6 = endpoint.AddressFamily == AddressFamily.InterNetworkV6;
        const int Type = Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC;
        if (network is null)
        {
            fd = Libc.socket(v6 ? Libc.AF_INET6 : Libc.AF_INET, Type, 0);
            if (fd < 0)
            {
                return Marshal.GetLastPInvokeError();
            }
        }
        else
        {
            fd = network.CreateDescriptor(v6 ? Libc.AF_INET6 : Libc.AF_INET, Type, 0);
            if (fd < 0)
            {
                var failure = -fd;
                fd = -1;
                return failure;
            }
        }

        var one = 1;
        Libc.setsockopt(fd, Libc.IPPROTO_TCP, Libc.TCP_NODELAY, &one, sizeof(int));

        // sockaddr_in / sockaddr_in6, built by hand: family in host order, port big-endian.
        var address = stackalloc byte[28];
        var span = new Span<byte>(address, 28);
        span.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)(v6 ? Libc.AF_INET6 : Libc.AF_INET));
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)endpoint.Port);
        if (v6)
        {
            endpoint.Address.TryWriteBytes(span.Slice(8, 16), out _);
            BinaryPrimitives.WriteUInt32LittleEndian(span[24..], (uint)endpoint.Address.ScopeId);
        }
        else
        {
            endpoint.Address.TryWriteBytes(span.Slice(4, 4), out _);
        }

        if (Libc.connect(fd, address, v6 ? 28 : 16) == 0)
        {
            return 0;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == Libc.EINPROGRESS ? 0 : errno;
    }

    /// <summary>The outcome of a finished non-blocking connect (SO_ERROR), 0 on success.</summary>
    public static int ConnectResult(int fd)
    {
        int error = 0, length = sizeof(int);
        return Libc.getsockopt(fd, Libc.SOL_SOCKET, Libc.SO_ERROR, &error, &length) == 0 ? error : Marshal.GetLastPInvokeError();
    }

    /// <summary>
    /// Closes a descriptor: with <paramref name="reset"/> an RST (linger 0), otherwise a FIN
    /// unless both directions were shut already (a further shutdown would only fail).
    /// </summary>
    public static void Close(int fd, bool reset, bool alreadyShut)
    {
        if (fd < 0)
        {
            return;
        }

        if (reset)
        {
            var linger = stackalloc int[2] { 1, 0 };
            Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_LINGER, linger, 2 * sizeof(int));
        }
        else if (!alreadyShut)
        {
            Libc.shutdown(fd, Libc.SHUT_RDWR);
        }

        Libc.close(fd);
    }

    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
