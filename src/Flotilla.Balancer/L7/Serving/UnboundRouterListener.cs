using Flotilla.Balancer.Runtime;

namespace Flotilla.Balancer.L7.Serving;

/// <summary>
/// A router's listener whose address is in use: the router serves on its other listeners, this one is retried
/// (<see cref="BindBackoff"/>) and takes connections as soon as it binds.
/// </summary>
internal sealed class UnboundRouterListener(string address, int port, RouterServer server, CertificateSet? certificates, string error) : BindBackoff(error)
{
    public string Address { get; } = address;

    public int Port { get; } = port;

    /// <summary>The router it serves once bound, and its certificates (null: plain HTTP); a reload may change both.</summary>
    public RouterServer Server { get; set; } = server;

    public CertificateSet? Certificates { get; set; } = certificates;
}
