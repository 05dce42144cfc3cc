using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Flotilla.Balancer.Namespaces;
using Yarp.ReverseProxy.Forwarder;

namespace Flotilla.Balancer.L7.Proxy;

/// <summary>
/// YARP's HTTP client per farm, with the farm's connect timeout and, for a farm on a Flotilla
/// network, a <c>ConnectCallback</c> that makes the socket inside the network's namespace (see
/// <see cref="NetworkNamespace"/>) and connects it from the host. YARP's active health checks
/// use the same client, so they reach the members the same way.
/// </summary>
internal sealed class RouterHttpClientFactory(Func<string, NetworkNamespace?> namespaceOf) : ForwarderHttpClientFactory
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        if (context.NewMetadata?.TryGetValue(FarmPolicies.ConnectTimeoutKey, out var seconds) == true)
        {
            handler.ConnectTimeout = TimeSpan.FromSeconds(int.Parse(seconds, CultureInfo.InvariantCulture));
        }

        if (namespaceOf(context.ClusterId) is { } network)
        {
            handler.ConnectCallback = (connect, cancellationToken) => ConnectAsync(network, connect, cancellationToken);
        }
    }

    /// <summary>YARP keeps a farm's client across reloads unless its HTTP settings change; a new namespace or timeout must change it too.</summary>
    protected override bool CanReuseOldClient(ForwarderHttpClientContext context) =>
        base.CanReuseOldClient(context)
        && Same(context, FarmPolicies.NamespaceKey)
        && Same(context, FarmPolicies.ConnectTimeoutKey);

    private static bool Same(ForwarderHttpClientContext context, string key) =>
        (context.OldMetadata?.GetValueOrDefault(key)) == (context.NewMetadata?.GetValueOrDefault(key));

    private static async ValueTask<Stream> ConnectAsync(NetworkNamespace network, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        // Destinations are IP literals (FarmPolicies.Cluster): no name to resolve, least of all in the host.
        var endpoint = new IPEndPoint(IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port);
        var socket = network.CreateSocket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
