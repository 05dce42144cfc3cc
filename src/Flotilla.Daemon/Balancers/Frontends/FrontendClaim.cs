using System.Globalization;
using System.Net;

namespace Flotilla.Daemon.Balancers.Frontends;

/// <summary>
/// One address:port a balancer's rule or a router's listener wants flotilla-lb to bind, and who wants it: the
/// balancer or router, its rule (or listener), and the stack that owns it (its <c>stack</c> label), so that a clash
/// names the holder in the user's terms.
/// </summary>
/// <param name="Protocol"><c>tcp</c> or <c>udp</c>; a router listener is tcp.</param>
/// <param name="Key">The key inside the balancer or router that asks for it (<c>rules[0].frontendPort</c>, <c>listeners[1].port</c>).</param>
internal sealed record FrontendClaim(string Protocol, IPAddress Address, int Port, string Owner, bool IsRouter, string Item, string Key, string? Stack)
{
    /// <summary><c>127.0.0.1:80</c>, or <c>udp 127.0.0.1:53</c>: tcp is what nearly every frontend is, so only udp is said.</summary>
    public string Endpoint => Protocol == "udp" ? $"udp {Address}:{Port.ToString(CultureInfo.InvariantCulture)}" : $"{Address}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Who holds it: <c>stack 'shop' (balancer 'web', rule 'http')</c>, or <c>balancer 'web' (rule 'http')</c> without a stack.</summary>
    public string Holder
    {
        get
        {
            var owner = IsRouter ? $"router '{Owner}'" : $"balancer '{Owner}'";
            var item = IsRouter ? $"listener {Item}" : $"rule '{Item}'";
            return Stack is null ? $"{owner} ({item})" : $"stack '{Stack}' ({owner}, {item})";
        }
    }

    /// <summary>
    /// Whether both cannot be bound at once: same protocol and port, and the same address or a wildcard on either
    /// side (0.0.0.0 takes the port on every address, so 127.0.0.1 cannot have it too).
    /// </summary>
    public bool Overlaps(FrontendClaim other) =>
        Protocol == other.Protocol && Port == other.Port && FrontendAddresses.Overlap(Address, other.Address);
}
