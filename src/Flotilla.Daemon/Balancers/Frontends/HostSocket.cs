using System.Net;

namespace Flotilla.Daemon.Balancers.Frontends;

/// <summary>A socket bound on the host (a tcp listener, or a bound udp socket), as <c>/proc/net/*</c> lists it.</summary>
internal sealed record HostSocket(string Protocol, IPAddress Address, int Port, long Inode);
