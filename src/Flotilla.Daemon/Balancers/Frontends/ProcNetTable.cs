using System.Globalization;
using System.Net;

namespace Flotilla.Daemon.Balancers.Frontends;

/// <summary>
/// Reads one of the kernel's socket tables (<c>/proc/net/tcp</c>, <c>tcp6</c>, <c>udp</c>, <c>udp6</c>; proc(5)):
/// the sockets that hold a port a new bind would want. For tcp, listeners (state <c>0A</c>); an established
/// connection's port does not stop a listener that sets SO_REUSEADDR, as flotilla-lb's do. For udp, every socket
/// with a local port, since a udp socket is bound as long as it is open.
/// </summary>
internal static class ProcNetTable
{
    private const string TcpListen = "0A";

    /// <param name="protocol"><c>tcp</c> or <c>udp</c>, for both address families.</param>
    public static IReadOnlyList<HostSocket> Parse(string text, string protocol)
    {
        var sockets = new List<HostSocket>();
        foreach (var line in text.Split('\n').Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 10) continue;
            if (protocol == "tcp" && fields[3] != TcpListen) continue;
            var local = fields[1].Split(':');
            if (local.Length != 2 || !int.TryParse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port) || port == 0) continue;
            if (Address(local[0]) is not { } address) continue;
            if (!long.TryParse(fields[9], NumberStyles.None, CultureInfo.InvariantCulture, out var inode)) continue;
            sockets.Add(new HostSocket(protocol, address, port, inode));
        }
        return sockets;
    }

    /// <summary>
    /// The kernel prints an address as 32-bit words in host order (little-endian here): <c>0100007F</c> is 127.0.0.1,
    /// and an IPv6 address is four such words.
    /// </summary>
    private static IPAddress? Address(string hex)
    {
        if (hex.Length is not (8 or 32)) return null;
        var bytes = new byte[hex.Length / 2];
        for (var word = 0; word < hex.Length / 8; word++)
        {
            if (!uint.TryParse(hex.AsSpan(word * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value)) return null;
            BitConverter.TryWriteBytes(bytes.AsSpan(word * 4, 4), value);
            if (!BitConverter.IsLittleEndian) bytes.AsSpan(word * 4, 4).Reverse();
        }
        return new IPAddress(bytes);
    }
}
