namespace Flotilla.Core.Vms;

/// <summary>A host port on 127.0.0.1 forwarded to a guest port (QEMU user-mode networking), written <c>18080:80</c>.</summary>
public sealed record PortForward(int HostPort, int GuestPort)
{
    /// <exception cref="FormatException">Not <c>HOST:GUEST</c> with ports 1–65535.</exception>
    public static PortForward Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length == 2 && int.TryParse(parts[0], out var host) && int.TryParse(parts[1], out var guest)
            && host is > 0 and < 65536 && guest is > 0 and < 65536)
        {
            return new PortForward(host, guest);
        }
        throw new FormatException($"invalid forward '{text}': write HOSTPORT:GUESTPORT, e.g. 18080:80");
    }

    public override string ToString() => $"{HostPort}:{GuestPort}";
}
