using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Flotilla.Balancer.L4.Tcp;

/// <summary>
/// The binary PROXY protocol header, version 2 (haproxy.org/download/2.0/doc/proxy-protocol.txt),
/// command PROXY over TCP: tells a backend the client's address, which a user-space proxy
/// otherwise hides.
/// </summary>
public static class ProxyProtocolV2
{
    private static ReadOnlySpan<byte> Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    public static byte[] Header(IPEndPoint source, IPEndPoint destination)
    {
        var v4 = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address;
        var d4 = destination.Address.IsIPv4MappedToIPv6 ? destination.Address.MapToIPv4() : destination.Address;
        var ipv4 = v4.AddressFamily == AddressFamily.InterNetwork && d4.AddressFamily == AddressFamily.InterNetwork;
        var (src, dst) = ipv4 ? (v4, d4) : (source.Address.MapToIPv6(), destination.Address.MapToIPv6());
        var addressLength = ipv4 ? 12 : 36;
        var header = new byte[16 + addressLength];
        Signature.CopyTo(header);
        header[12] = 0x21; // version 2, command PROXY
        header[13] = ipv4 ? (byte)0x11 : (byte)0x21; // AF_INET or AF_INET6, over STREAM
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), (ushort)addressLength);
        var span = header.AsSpan(16);
        src.TryWriteBytes(span, out var n);
        dst.TryWriteBytes(span[n..], out _);
        BinaryPrimitives.WriteUInt16BigEndian(span[(2 * n)..], (ushort)source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(span[((2 * n) + 2)..], (ushort)destination.Port);
        return header;
    }
}
