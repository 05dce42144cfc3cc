using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Flotilla.Balancer.Namespaces;

/// <summary>
/// Turns the errno of a socket(2) made in a namespace into the <see cref="SocketException"/> a
/// plain <c>new Socket</c> would throw, so callers (e.g. Health/LocalShortage) tell "this process
/// is out of descriptors" from "the member is down" the same way for both.
/// </summary>
internal static class SocketErrors
{
    public static SocketException From(int errno) => new((int)(errno switch
    {
        24 or 23 => SocketError.TooManyOpenSockets, // EMFILE, ENFILE
        105 or 12 => SocketError.NoBufferSpaceAvailable, // ENOBUFS, ENOMEM
        97 => SocketError.AddressFamilyNotSupported, // EAFNOSUPPORT
        93 => SocketError.ProtocolNotSupported, // EPROTONOSUPPORT
        13 or 1 => SocketError.AccessDenied, // EACCES, EPERM
        100 => SocketError.NetworkDown, // ENETDOWN: the namespace thread has stopped
        _ => SocketError.SocketError,
    }), Marshal.GetPInvokeErrorMessage(errno));
}
