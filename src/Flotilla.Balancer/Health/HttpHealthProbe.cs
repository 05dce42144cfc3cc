using System.Net;
using Flotilla.Balancer.Namespaces;

namespace Flotilla.Balancer.Health;

/// <summary>
/// Healthy when <c>GET path</c> answers the expected status. A new connection per probe
/// (<c>Connection: close</c>), as Azure's probes do, so a server that stopped accepting
/// is noticed. HTTPS does not check the certificate: the probe asks "are you up?", the
/// same trust Azure's probes give. For a member in a namespace, <paramref name="client"/> is the
/// monitor's namespaced client, whose connect step reads the namespace from the request.
/// </summary>
internal sealed class HttpHealthProbe(HttpMessageInvoker client, bool https, string path, int expectedStatus, NetworkNamespace? network = null) : IHealthProbe
{
    /// <summary>The namespace (and the endpoint itself) a namespaced request connects to.</summary>
    public static readonly HttpRequestOptionsKey<(NetworkNamespace Namespace, IPEndPoint Endpoint)> Target = new("flotilla.namespace-target");

    public string Name => https ? "https" : "http";

    public async Task<ProbeResult> ProbeAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        var uri = new UriBuilder(https ? "https" : "http", target.Address.ToString(), target.Port) { Path = path }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.ConnectionClose = true;
        request.Headers.UserAgent.ParseAdd("flotilla-lb-probe/1");
        if (network is not null)
        {
            request.Options.Set(Target, (network, target));
        }

        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return status == expectedStatus
                ? ProbeResult.Ok
                : ProbeResult.Failed($"status {status}, expected {expectedStatus}");
        }
        catch (HttpRequestException e) when (!LocalShortage.Is(e))
        {
            return ProbeResult.Failed($"http: {e.HttpRequestError}");
        }
    }
}
