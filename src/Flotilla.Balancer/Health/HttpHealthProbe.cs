using System.Net;

namespace Flotilla.Balancer.Health;

/// <summary>
/// Healthy when <c>GET path</c> answers the expected status. A new connection per probe
/// (<c>Connection: close</c>), as Azure's probes do, so a server that stopped accepting
/// is noticed. HTTPS does not check the certificate: the probe asks "are you up?", the
/// same trust Azure's probes give.
/// </summary>
internal sealed class HttpHealthProbe(HttpMessageInvoker client, bool https, string path, int expectedStatus) : IHealthProbe
{
    public string Name => https ? "https" : "http";

    public async Task<ProbeResult> ProbeAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        var uri = new UriBuilder(https ? "https" : "http", target.Address.ToString(), target.Port) { Path = path }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.ConnectionClose = true;
        request.Headers.UserAgent.ParseAdd("flotilla-lb-probe/1");
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
