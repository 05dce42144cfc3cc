namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// Sits in front of a cluster's YARP client and, for a <see cref="ProbeRequestMessage"/> that
/// asks for it, reads the response body into memory (up to <see cref="MaxBodyBytes"/>) inside the
/// probe's own timeout.
/// <para>
/// Why: YARP's active health monitor sends probes with the cluster's
/// <see cref="HttpMessageInvoker"/>, which returns as soon as headers arrive, and hands the
/// response to <c>IActiveHealthCheckPolicy.ProbingCompleted</c> — a synchronous method — and then
/// disposes it. Reading an unread body there would block a thread on the network. Buffered here,
/// the policy reads it from memory. Every other request passes straight through: the inner task is
/// returned as is, no state machine, no allocation.
/// </para>
/// </summary>
internal sealed class ProbeBodyHandler(HttpMessageInvoker inner) : HttpMessageHandler
{
    /// <summary>ARR's response match is meant for a small health page; a larger body fails the probe.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public HttpMessageInvoker Inner { get; } = inner;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        request is ProbeRequestMessage { BufferBody: true } probe
            ? SendBufferedAsync(probe, cancellationToken)
            : Inner.SendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendBufferedAsync(ProbeRequestMessage probe, CancellationToken cancellationToken)
    {
        var response = await Inner.SendAsync(probe, cancellationToken);
        try
        {
            await response.Content.LoadIntoBufferAsync(MaxBodyBytes, cancellationToken);
            probe.BodyBuffered = true;
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
