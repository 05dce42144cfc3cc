using System.Net;

namespace Flotilla.Balancer.L7.Serving;

/// <summary>
/// The endpoint Kestrel binds for a router: not a socket but one of the router's two
/// <see cref="RouterConnectionListener"/>s (plain, TLS). Real sockets are ours
/// (<see cref="ListenSocket"/>) and are handed to whichever router owns their port, so a reload can
/// add, drop or move a port between routers without restarting Kestrel or refusing a connection.
/// </summary>
internal sealed class RouterEndPoint(string router, bool tls) : EndPoint
{
    public string Router { get; } = router;

    public bool Tls { get; } = tls;

    public override string ToString() => $"router:{Router}:{(Tls ? "https" : "http")}";
}
