using Flotilla.Balancer.Namespaces;

namespace Flotilla.Balancer.L7.Serving;

/// <summary>
/// A router config made ready but not yet live: new servers started (with no socket), new ports
/// bound, certificates loaded, snapshots compiled. <see cref="RouterRuntime.CommitAsync"/> takes it
/// live; <see cref="AbortAsync"/> undoes it and leaves the live routers as they were.
/// </summary>
internal sealed class RouterPlan
{
    public List<(RouterServer Server, RouterSnapshot Snapshot)> Routers { get; } = [];

    public List<RouterServer> Created { get; } = [];

    public Dictionary<(string Address, int Port), ListenSocket> Opened { get; } = [];

    /// <summary>Listeners whose address is in use, with the error: they wait and are retried (<see cref="UnboundRouterListener"/>).</summary>
    public Dictionary<(string Address, int Port), string> Busy { get; } = [];

    /// <summary>Per listener: (router, TLS certificates or null).</summary>
    public Dictionary<(string Address, int Port), (RouterServer Server, CertificateSet? Certificates)> Listeners { get; } = [];

    public HashSet<NetworkNamespace> Namespaces { get; } = [];

    public async Task AbortAsync()
    {
        foreach (var socket in Opened.Values)
        {
            await socket.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var (_, certificates) in Listeners.Values)
        {
            certificates?.Dispose();
        }

        foreach (var server in Created)
        {
            await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
